#pragma once

// Internal to the engine: the words shared by explanations and unlocks.

#include <string>

#include "matching/domain.h"

namespace fostermatch::matching {

// Japanese name of a need category ("医療的ケア").
std::string NeedLabelJa(NeedCategory c);

}  // namespace fostermatch::matching
