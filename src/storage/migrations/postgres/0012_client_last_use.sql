-- When a client application last called the API (issue 9 item 6: the list shows it). Written at
-- most once a minute per application (service/client_applications_service.h), so a busy site
-- does not turn every read into a write; NULL until its first call.
ALTER TABLE client_applications ADD COLUMN last_used_at_us BIGINT;
