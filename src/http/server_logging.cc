#include "http/server_logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>

#include "base/limits.h"

namespace mamon::http {
namespace {

// Formats like the default logger and hands the line to stdio's buffer, without fflush.
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t line;
    formatter_->format(message, line);
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

}  // namespace

void use_buffered_stdout_logging() {
  auto logger = std::make_shared<spdlog::logger>("", std::make_shared<BufferedStdoutSink>());
  logger->set_level(spdlog::default_logger()->level());
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  spdlog::flush_every(std::chrono::seconds(limits::kLogFlushIntervalSeconds));
}

void flush_server_logs() {
  spdlog::default_logger()->flush();
}

}  // namespace mamon::http
