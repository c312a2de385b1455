#pragma once
// The step most REST handlers end with: run the use case on the worker pool, then turn
// its Result into the response. With it, a handler states only what is particular to its
// route: how it reads the request and how it shapes the success body.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <optional>
#include <type_traits>
#include <utility>

#include "adapters/http/responses.hpp"
#include "adapters/runtime/bounded_pool.hpp"
#include "adapters/runtime/offload.hpp"
#include "domain/result.hpp"

namespace chat::http {

namespace detail {

// The outcome of `call` on the worker pool, which always takes work, or on a bounded pool,
// which may refuse it (nullopt).
template <class Call>
boost::asio::awaitable<std::optional<std::invoke_result_t<Call>>> runOn(
    boost::asio::thread_pool& workers, Call call) {
  co_return co_await runtime::offload(workers, std::move(call));
}

template <class Call>
auto runOn(runtime::BoundedPool& pool, Call call) {
  return pool.tryRun(std::move(call));
}

}  // namespace detail

// `call` returns a Result<T> or a Result<void>; `respond` builds the success response from
// the T, or from nothing for Result<void>; `fail` builds the response for an Error.
// Both run on the calling coroutine's executor, not on the pool. `pool` is the worker pool
// or a bounded pool (password hashing), which answers 503 with Retry-After when it is full.
template <class Pool, class Call, class Respond, class Fail>
boost::asio::awaitable<Response> runUseCase(Pool& pool, Call call, Respond respond, Fail fail) {
  auto outcome = co_await detail::runOn(pool, std::move(call));
  if (!outcome) {
    Response busy = errorResponse(Status::service_unavailable, "The server is busy; try again");
    busy.set(beast_http::field::retry_after, "1");
    co_return busy;
  }
  if (!*outcome) co_return fail(outcome->error());
  if constexpr (std::is_same_v<std::remove_cvref_t<decltype(*outcome)>, Result<void>>) {
    co_return respond();
  } else {
    co_return respond(**outcome);
  }
}

// As above, with the usual mapping of an Error to its problem response.
template <class Pool, class Call, class Respond>
boost::asio::awaitable<Response> runUseCase(Pool& pool, Call call, Respond respond) {
  return runUseCase(pool, std::move(call), std::move(respond),
                    [](const Error& error) { return errorResponse(error); });
}

}  // namespace chat::http
