#include <fmt/format.h>

#include "load_run.hpp"
#include "scenario_load.hpp"

namespace chat::bench {

namespace {

void addSettings(Report& report, const Options& options, const LoadResult& result, bool receivers) {
  const LoadOptions& load = options.load;
  report.setting("url", options.common.url);
  if (receivers) report.setting("protocol", load.protocol);
  if (load.protocol != "raw") {
    report.setting("transport", options.common.transport);
    report.setting("hub protocol", options.common.hub_protocol);
  }
  report.setting("groups", std::to_string(result.groups));
  if (receivers) report.setting("members (receivers)", std::to_string(result.members));
  report.setting("senders", std::to_string(result.senders));
  if (load.protocol != "raw") report.setting("users", std::to_string(result.users));
  report.setting("rate", load.rate > 0 ? fmt::format("{} msg/s", load.rate) : "max (0)");
  report.setting("in-flight per sender", std::to_string(load.in_flight));
  report.setting("warm-up / duration", fmt::format("{} s / {} s", load.warmup, load.duration));
  report.setting("message size", load.size ? std::to_string(load.size) : "minimal");
  if (load.typing_rate > 0)
    report.setting("typing", fmt::format("{} indications/s", load.typing_rate));
  report.setting("generator threads", std::to_string(options.common.threads));
}

void addCommonFigures(Report& report, const LoadResult& result) {
  report.figure("prepare_seconds", "preparation (REST)", result.prepare_seconds, "s", 2);
  report.figure("connections", "connections open", static_cast<double>(result.connections));
  report.figure("connect_seconds", "connect time", result.connect_seconds, "s", 2);
  report.figure("connect_rate", "connect rate",
                result.connect_seconds > 0 ? result.connections / result.connect_seconds : 0,
                "conn/s");
  report.figure("window_seconds", "measured window", result.window_seconds, "s", 2);
}

void addErrorFigures(Report& report, const LoadResult& result, bool receivers) {
  report.figure("errors", "errors", static_cast<double>(result.errors));
  report.figure("connect_failed", "connections failed", static_cast<double>(result.connect_failed));
  report.figure("unexpected_closes", "connections dropped",
                static_cast<double>(result.unexpected_closes));
  report.figure("unacknowledged", "unacknowledged at the end",
                static_cast<double>(result.unacknowledged));
  if (receivers) {
    report.figure("missing", "missing messages",
                  static_cast<double>(result.gaps + result.missing_at_end));
    report.figure("missing_gaps", "  of which gaps in seq", static_cast<double>(result.gaps));
    report.figure("missing_at_end", "  of which never arrived",
                  static_cast<double>(result.missing_at_end));
    report.figure("out_of_order", "out of order / repeated",
                  static_cast<double>(result.out_of_order));
  }
  report.figure("drain_seconds", "drain time", result.drain_seconds, "s", 2);
  for (const auto& [kind, times] : result.error_kinds) report.errors.emplace_back(kind, times);

  if (!result.fatal.empty()) report.fail(result.fatal);
  if (result.errors) report.fail(fmt::format("{} errors", result.errors));
  if (result.connect_failed)
    report.fail(fmt::format("{} connections failed", result.connect_failed));
  if (result.unacknowledged)
    report.fail(fmt::format("{} sends unacknowledged", result.unacknowledged));
  if (receivers) {
    if (result.gaps + result.missing_at_end) {
      report.fail(fmt::format("{} messages missing", result.gaps + result.missing_at_end));
    }
    if (result.out_of_order) report.fail(fmt::format("{} out of order", result.out_of_order));
    if (result.fatal.empty() && result.delivered == 0) report.fail("nothing was delivered");
  }
  if (result.fatal.empty() && result.sent == 0) report.fail("nothing was sent");
}

double perSecond(std::uint64_t count, double seconds) {
  return seconds > 0 ? static_cast<double>(count) / seconds : 0;
}

}  // namespace

Report runFanout(const Options& options) {
  const LoadResult result = runLoad(options);
  const bool raw = options.load.protocol == "raw";
  Report report;
  report.scenario = "fanout";
  addSettings(report, options, result, true);
  addCommonFigures(report, result);
  report.figure("sent", "messages sent", static_cast<double>(result.sent));
  report.figure("send_rate", "send rate achieved", perSecond(result.sent, result.window_seconds),
                "msg/s");
  if (!raw) {
    report.figure("acked", "sends acknowledged", static_cast<double>(result.acked));
    report.figure("ack_rate", "acknowledged rate", perSecond(result.acked, result.window_seconds),
                  "msg/s");
  }
  report.figure("delivered", "messages delivered", static_cast<double>(result.delivered));
  report.figure("delivery_rate", "delivered per second",
                perSecond(result.delivered, result.window_seconds), "msg/s");
  report.figure("expected_deliveries", "deliveries expected",
                static_cast<double>(result.expected_deliveries));
  report.figure("bytes_received", "bytes received in the window",
                static_cast<double>(result.window_bytes_received), "B");
  report.figure("bytes_per_delivery", "bytes received per delivery",
                result.window_receipts ? static_cast<double>(result.window_bytes_received) /
                                             static_cast<double>(result.window_receipts)
                                       : 0,
                "B", 1);
  report.figure("delivery_ratio", "delivered / expected",
                result.expected_deliveries ? static_cast<double>(result.delivered) /
                                                 static_cast<double>(result.expected_deliveries)
                                           : 0,
                "", 4);
  if (options.load.typing_rate > 0) {
    report.figure("typing_sent", "typing indications sent",
                  static_cast<double>(result.typing_sent));
    report.figure("typing_expected", "UserTyping deliveries expected",
                  static_cast<double>(result.typing_expected));
    report.figure("typing_received", "UserTyping delivered",
                  static_cast<double>(result.typing_received));
    report.figure("typing_delivery_rate", "UserTyping delivered per second",
                  perSecond(result.typing_received, result.window_seconds), "/s");
  }
  addErrorFigures(report, result, true);
  report.latencies.push_back({"delivery", "send -> receipt", result.delivery});
  if (!raw) report.latencies.push_back({"ack", "send -> completion", result.ack});
  report.latencies.push_back({"hiccup", "machine stalls", result.hiccups});
  return report;
}

Report runSend(const Options& options) {
  const LoadResult result = runLoad(options);
  Report report;
  report.scenario = "send";
  addSettings(report, options, result, false);
  addCommonFigures(report, result);
  report.figure("sent", "messages sent", static_cast<double>(result.sent));
  report.figure("send_rate", "send rate achieved", perSecond(result.sent, result.window_seconds),
                "msg/s");
  report.figure("acked", "sends acknowledged", static_cast<double>(result.acked));
  report.figure("ack_rate", "acknowledged sends per second",
                perSecond(result.acked, result.window_seconds), "msg/s");
  addErrorFigures(report, result, false);
  if (result.fatal.empty() && result.acked == 0) report.fail("nothing was acknowledged");
  report.latencies.push_back({"ack", "send -> completion", result.ack});
  report.latencies.push_back({"hiccup", "machine stalls", result.hiccups});
  return report;
}

}  // namespace chat::bench
