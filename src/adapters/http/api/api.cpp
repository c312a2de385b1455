#include "adapters/http/api/api.hpp"

namespace chat::http {

void mountApi(Router& router, ApiDependencies* deps) {
  mountAccountRoutes(router, deps);
  mountAuthRoutes(router, deps);
  mountGroupRoutes(router, deps);
  mountMessageRoutes(router, deps);
  mountHealthRoutes(router, deps);
  if (deps == nullptr || !deps->metrics_elsewhere) mountMetricsRoutes(router, deps);
  mountDocsRoutes(router, deps);
  mountWebClientRoutes(router, deps);
}

}  // namespace chat::http
