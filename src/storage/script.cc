#include "storage/script.h"

namespace mamon::storage {

Status execute_script(Transaction& tx, std::string_view sql) {
  auto* executor = dynamic_cast<ScriptExecutor*>(&tx);
  MAMON_CHECK_MSG(executor != nullptr, "execute_script needs a transaction of a real backend");
  return executor->execute_script(sql);
}

}  // namespace mamon::storage
