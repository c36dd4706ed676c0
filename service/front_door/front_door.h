#pragma once

// The API and the admin pages behind one server, composed once for `serve` and for the tests'
// loopback server alike.

#include "service/api/app.h"
#include "service/http/server.h"
#include "service/pages/pages.h"
#include "service/usecases/use_cases.h"

namespace fostermatch::front_door {

struct FrontDoor {
  http::Classifier classify;  // a request's class, from its route in the API or the pages
  // Its answer, held until the audited reads it made are committed; if that commit fails, the
  // admin pages' error page for a page, the API's 503 problem+json otherwise.
  http::Handler handle;
};

// Every part must outlive what is returned.
FrontDoor Compose(usecases::UseCases& use_cases, api::App& api, pages::Pages& pages);

}  // namespace fostermatch::front_door
