#pragma once
// The hub's side of the error mapping (HTTP's is statusFor in adapters/http/responses.cpp):
// the text a completion error carries for each kind of Error. Clients read the message of
// an expected outcome; an internal failure reads as ASP.NET Core's hub exceptions do, and
// its detail goes to the log only.
#include <string>

#include "domain/error.hpp"

namespace chat::signalr {

std::string completionErrorText(const Error& error);

}  // namespace chat::signalr
