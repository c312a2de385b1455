#pragma once
// Runs blocking work (database, password hashing) on the worker pool and resumes the
// calling coroutine on its own executor, so that network threads never block.
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <optional>
#include <type_traits>

#include "domain/result.hpp"

namespace chat::runtime {

// `work` returns a Result<T> (or Status); an exception escaping it becomes kInternal.
template <class Work>
boost::asio::awaitable<std::invoke_result_t<Work>> offload(boost::asio::thread_pool& pool,
                                                           Work work) {
  using R = std::invoke_result_t<Work>;
  std::optional<R> result;
  co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
      [&pool, &result, &work](auto handler) {
        boost::asio::post(pool, [&result, &work, handler = std::move(handler)]() mutable {
          try {
            result.emplace(work());
          } catch (const std::exception&) {
            result.emplace(Error::internal("Unexpected failure"));
          }
          auto executor = boost::asio::get_associated_executor(handler);
          boost::asio::dispatch(executor, std::move(handler));
        });
      },
      boost::asio::use_awaitable);
  co_return std::move(*result);
}

}  // namespace chat::runtime
