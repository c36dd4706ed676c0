#pragma once

// What the monthly assignment maximises: levels compared in order, so a later level only decides
// between assignments equal on every earlier one. The default order and why (README "The monthly
// batch"): children placed first (a child without a home is the worst outcome), siblings are
// always kept together (a group goes whole to one home or waits), then urgency, then the match
// score (which carries proximity, readiness, fit and how long a home has waited).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fostermatch::matching {

enum class ObjectiveLevel {
  kChildren,  // children placed: a group of three counts three
  kUrgency,   // the placed children's urgency (1–3), summed per child
  kScore,     // the match score in hundredths
};

struct AssignmentObjective {
  std::vector<ObjectiveLevel> levels = {ObjectiveLevel::kChildren, ObjectiveLevel::kUrgency,
                                        ObjectiveLevel::kScore};
};

std::string_view ObjectiveLevelName(ObjectiveLevel level);

// What a valid objective looks like, for error messages.
inline constexpr std::string_view kObjectiveFormat =
    "must list children, urgency and score, each at most once, comma-separated, e.g. "
    "children,urgency,score";

// "children,urgency,score" → levels; nullopt for an unknown or repeated name, or an empty list.
std::optional<AssignmentObjective> ParseObjective(std::string_view text);
std::string ObjectiveText(const AssignmentObjective& objective);

// One placement's worth on each level.
struct PlacementWorth {
  int children = 1;
  int urgency = 2;    // the need's urgency, 1–3
  int64_t score = 0;  // hundredths
  int64_t Level(ObjectiveLevel level) const;
};

// Integer weights that make one sum order assignments exactly as the levels do: each level's
// weight exceeds the most all later levels can add together over the `needs` (their largest
// worth each). Throws std::overflow_error if the sums could leave int64 after the solver's
// scaling (far beyond any city or country).
class LexicographicWeights {
 public:
  LexicographicWeights(const AssignmentObjective& objective,
                       const std::vector<PlacementWorth>& best_per_need);
  int64_t Value(const PlacementWorth& worth) const;
  // The weights, highest level first.
  std::vector<int64_t> Weights() const;
  // A sum of values (or a bound on one) back into its levels, in the objective's order.
  std::vector<std::pair<ObjectiveLevel, int64_t>> Split(int64_t value) const;

 private:
  std::vector<std::pair<ObjectiveLevel, int64_t>> weights_;
};

}  // namespace fostermatch::matching
