#include "service/front_door/front_door.h"

namespace fostermatch::front_door {

FrontDoor Compose(usecases::UseCases& use_cases, api::App& api, pages::Pages& pages) {
  FrontDoor door;
  door.classify = [&api, &pages](const http::Request& head) {
    return pages::Pages::Owns(head) ? pages.router().ClassOf(head) : api.router().ClassOf(head);
  };
  auto route = [&api, &pages](http::Request& r) {
    return pages::Pages::Owns(r) ? pages.Handle(r) : api.Handle(r);
  };
  auto unavailable = [&pages](http::Request& r) -> http::ResponseHold::Failure {
    if (!pages::Pages::Owns(r)) return api::ReadAuditUnavailable;
    return [page = pages.Unavailable(r)] { return page; };
  };
  door.handle = api::AnswerAfterReadAudits(use_cases, route, unavailable);
  return door;
}

}  // namespace fostermatch::front_door
