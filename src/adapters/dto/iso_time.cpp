#include "adapters/dto/iso_time.hpp"

#include <chrono>

namespace chat {
namespace {

// Writes `value` (0 <= value < 10^width) as exactly `width` decimal digits, zero-padded.
void appendDigits(std::string& out, long long value, int width) {
  char digits[20];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<std::size_t>(width));
}

// The `width` digits at `text[at]`, or -1 if any is not a digit.
int readDigits(std::string_view text, std::size_t at, int width) {
  int value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[at + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

// By hand rather than with fmt's chrono formatting: every stored message is formatted
// once for its recipients and once for its acknowledgement, and fmt's format-string
// parsing was a visible share of the commit thread's time.
void appendIsoTime(std::string& out, Timestamp time) {
  using namespace std::chrono;
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{floor<milliseconds>(time - day)};
  const int year = static_cast<int>(date.year());
  if (year >= 0 && year <= 9999) {
    appendDigits(out, year, 4);
  } else {
    out += std::to_string(year);  // only a corrupt timestamp gets here
  }
  out += '-';
  appendDigits(out, static_cast<unsigned>(date.month()), 2);
  out += '-';
  appendDigits(out, static_cast<unsigned>(date.day()), 2);
  out += 'T';
  appendDigits(out, clock.hours().count(), 2);
  out += ':';
  appendDigits(out, clock.minutes().count(), 2);
  out += ':';
  appendDigits(out, clock.seconds().count(), 2);
  out += '.';
  appendDigits(out, clock.subseconds().count(), 3);
  out += 'Z';
}

std::optional<Timestamp> parseIsoTime(std::string_view text) {
  using namespace std::chrono;
  if (text.size() != kIsoTimeSize || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z') {
    return std::nullopt;
  }
  const int y = readDigits(text, 0, 4), mo = readDigits(text, 5, 2), d = readDigits(text, 8, 2);
  const int h = readDigits(text, 11, 2), mi = readDigits(text, 14, 2), s = readDigits(text, 17, 2);
  const int ms = readDigits(text, 20, 3);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 ||
      ms < 0) {
    return std::nullopt;
  }
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return Timestamp{sys_days{date}.time_since_epoch() + hours{h} + minutes{mi} + seconds{s} +
                   milliseconds{ms}};
}

std::string formatIsoTime(Timestamp time) {
  std::string out;
  out.reserve(kIsoTimeSize);
  appendIsoTime(out, time);
  return out;
}

}  // namespace chat
