#include "matching/objective.h"

#include <array>
#include <limits>
#include <stdexcept>

namespace fostermatch::matching {
namespace {

constexpr std::array<std::pair<ObjectiveLevel, std::string_view>, 3> kLevelNames = {{
    {ObjectiveLevel::kChildren, "children"},
    {ObjectiveLevel::kUrgency, "urgency"},
    {ObjectiveLevel::kScore, "score"},
}};

// Headroom for the solver, which scales values by 12 and sums them over a component.
constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / 64;

int64_t CheckedMulAdd(int64_t sum, int64_t a, int64_t b) {
  int64_t product = 0, result = 0;
  if (__builtin_mul_overflow(a, b, &product) || __builtin_add_overflow(sum, product, &result) ||
      result > kLimit) {
    throw std::overflow_error("assignment objective: weights exceed 64-bit integers");
  }
  return result;
}

}  // namespace

std::string_view ObjectiveLevelName(ObjectiveLevel level) {
  for (const auto& [l, name] : kLevelNames) {
    if (l == level) return name;
  }
  return "";
}

std::optional<AssignmentObjective> ParseObjective(std::string_view text) {
  AssignmentObjective objective;
  objective.levels.clear();
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    std::optional<ObjectiveLevel> level;
    for (const auto& [l, n] : kLevelNames) {
      if (n == name) level = l;
    }
    if (!level) return std::nullopt;
    for (ObjectiveLevel seen : objective.levels) {
      if (seen == *level) return std::nullopt;
    }
    objective.levels.push_back(*level);
    if (comma != std::string_view::npos && text.empty()) return std::nullopt;  // trailing comma
  }
  if (objective.levels.empty()) return std::nullopt;
  return objective;
}

std::string ObjectiveText(const AssignmentObjective& objective) {
  std::string text;
  for (ObjectiveLevel level : objective.levels) {
    if (!text.empty()) text += ',';
    text += ObjectiveLevelName(level);
  }
  return text;
}

int64_t PlacementWorth::Level(ObjectiveLevel level) const {
  switch (level) {
    case ObjectiveLevel::kChildren:
      return children;
    case ObjectiveLevel::kUrgency:
      return int64_t{urgency} * children;
    case ObjectiveLevel::kScore:
      return score;
  }
  return 0;
}

LexicographicWeights::LexicographicWeights(const AssignmentObjective& objective,
                                           const std::vector<PlacementWorth>& best_per_need) {
  // From the last level up: a level's weight is one more than all later levels can sum to.
  int64_t later_total = 0;
  for (auto level = objective.levels.rbegin(); level != objective.levels.rend(); ++level) {
    const int64_t weight = later_total + 1;
    for (const PlacementWorth& w : best_per_need) {
      later_total = CheckedMulAdd(later_total, w.Level(*level), weight);
    }
    weights_.insert(weights_.begin(), {*level, weight});
  }
}

int64_t LexicographicWeights::Value(const PlacementWorth& worth) const {
  int64_t value = 0;
  for (const auto& [level, weight] : weights_) value += worth.Level(level) * weight;
  return value;
}

std::vector<int64_t> LexicographicWeights::Weights() const {
  std::vector<int64_t> weights;
  for (const auto& [level, weight] : weights_) weights.push_back(weight);
  return weights;
}

std::vector<std::pair<ObjectiveLevel, int64_t>> LexicographicWeights::Split(int64_t value) const {
  std::vector<std::pair<ObjectiveLevel, int64_t>> levels;
  for (const auto& [level, weight] : weights_) {
    levels.emplace_back(level, value / weight);
    value %= weight;
  }
  return levels;
}

}  // namespace fostermatch::matching
