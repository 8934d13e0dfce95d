// Checking the "personel": {"username", "password"} credentials that the bar app embeds in a
// wallet upgrade or a bar report, naming the staff member who handled the money or counted the
// drawer (API.md "Wallet top-ups and refunds", "Bar reports and cycles"). One read transaction.
// Thread-safe: takes its own pooled connection.
#pragma once

#include <string>

#include "base/result.h"
#include "domain/permissions.h"
#include "domain/users.h"
#include "storage/database.h"

namespace mamon::service {

struct StaffCredentials {
  std::string username;
  std::string password;
};

// The active personnel record of the user named by `credentials`. Checks, in order:
//   domain::can_check_staff_credentials(caller)       kNotPersonnel (checked first, so that
//                                                     nobody else can use the call to test
//                                                     passwords, and argon2 is not run for them)
//   the username and password are 1..limit bytes      kInvalidCredentials
//   the user exists, is active, is not a system user,
//   and the password matches                          kInvalidCredentials
//   the user has an active personnel record           kInvalidCredentials
// Every credential failure is the same kInvalidCredentials with the same message, so the answer
// does not reveal which part was wrong. The HTTP layer renders it per the app's contract (501
// "Seller not found" for upgrades, 403 "Invalid credentials" for reports), never as 401.
// The password is verified outside the transaction (argon2 takes ~0.1 s).
Result<domain::Personnel> verify_staff_credentials(storage::Database& db,
                                                   const domain::Caller& caller,
                                                   const StaffCredentials& credentials);

}  // namespace mamon::service
