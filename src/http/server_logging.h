// The server's log output: one line per event on stdout (docker, systemd and Dokku collect it).
// spdlog's default console sink flushes every line, which at tens of thousands of requests a second
// makes the access log a write() system call per request; this sink lets stdio buffer the lines
// and flushes them at least every limits::kLogFlushIntervalSeconds, and at once for warnings and
// errors.
#pragma once

namespace mamon::http {

// Makes the default logger write through the buffered stdout sink. Call once, at start-up, before
// other threads log. Lines reach stdout within the flush interval; call flush_server_logs() before
// exiting so nothing is lost.
void use_buffered_stdout_logging();

void flush_server_logs();

}  // namespace mamon::http
