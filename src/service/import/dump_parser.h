// Reads a Django `dumpdata` JSON file of the old system into typed DumpData records: the JSON
// adapter of `mamon loaddata`. It checks each record on its own (shape, model label, field
// presence and types, dates, money); cross-record checks (references, duplicates) are the plan's.
//
// Rules (each failure is kMalformedRecord whose message names the file and the record's index):
//  - the file is a JSON list of objects with "model", "pk" (an integer) and "fields" (an object);
//  - a model label is either imported (auth.group, auth.user, users.holder, users.personel,
//    users.card, users.walletupgrades, users.molliepayments, purchase.product/category/order/
//    purchase/report/barcycle/happen/haporder/happayment, inventory.product/category/order/stock/
//    stockmutations, client.clientapplication/clientapplicationadministrator), a simple_history
//    label `<app>.historical<model>` of an imported model (DumpHistory: pk = history_id), or on
//    the skip list (auth.permission, admin.logentry, admin_interface.*, contenttypes.*,
//    sessions.*, token_blacklist.*, ...), which is counted per label in
//    DumpData::skipped_by_label; any other label is an error naming it;
//  - repair rule (a): a record without "model" whose set of field names equals exactly one
//    imported model's field set is read as that model, gets a new pk later, and a warning;
//  - every field Mamon reads must be present and of its JSON type; fields the old model had but
//    Mamon ignores are allowed; unknown extra fields are ignored with one warning per label/field;
//  - money is a JSON number or a numeric string ("21.00"); numbers are taken by their shortest
//    round-trip text and rounded to cents (Cents::parse_rounding), counted in amounts_rounded;
//  - stock quantities and product units (floats) are kept as their shortest round-trip text and
//    converted exactly to the unit's smallest step (decimal_steps), never through a double;
//  - date-times are ISO 8601 with a zone (base/clock.h parse_iso8601).
// Not thread-safe per DumpData; independent DumpData may be filled concurrently.
#pragma once

#include <string_view>

#include "base/result.h"
#include "service/import/dump_records.h"

namespace mamon::service::import {

// Parses one file's text and appends its records to `data`. On error `data` may hold part of the
// file: the caller discards it (the import is all or nothing).
Status parse_dump(std::string_view file_name, std::string_view json_text, DumpData& data);

}  // namespace mamon::service::import
