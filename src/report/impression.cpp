#include "purkinje/report/impression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "purkinje/core/names.hpp"

namespace purkinje::report {

std::string format_value(double value) {
    if (!std::isfinite(value)) return "-";
    const double magnitude = std::fabs(value);
    int decimals = 0;
    if (magnitude > 0 && magnitude < 100) {
        decimals = 2 - static_cast<int>(std::floor(std::log10(magnitude)));
        decimals = std::clamp(decimals, 0, 4);
    }
    char buffer[64];
    // std::to_chars ignores the C locale: '.' always.
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    std::string text(buffer, result.ptr);
    if (text == "-0" || text.find_first_not_of("-0.") == std::string::npos) {
        // A value that rounds to zero prints without a sign.
        if (!text.empty() && text[0] == '-') text.erase(0, 1);
    }
    return text;
}

std::string format_range(const NormalRange& range) {
    if (range.low && range.high) return format_value(*range.low) + " to " + format_value(*range.high);
    // Limits are inclusive (NormalRange::judge): a value on the limit is normal.
    if (range.high) return "<= " + format_value(*range.high);
    if (range.low) return ">= " + format_value(*range.low);
    return "";
}

std::string protocol_title(const std::string& protocol) {
    static const std::map<std::string, std::string> titles = {
        {names::kFingerChase, "Finger chase (SARA 5)"},
        {names::kNoseFinger, "Nose-finger test (SARA 6)"},
        {names::kFastAlternating, "Fast alternating hand movements (SARA 7)"},
        {names::kPosturalTremor, "Postural tremor"},
        {names::kRestTremor, "Rest tremor"},
        {names::kSaccades, "Saccades"},
        {names::kSmoothPursuit, "Smooth pursuit"},
        {names::kGazeHolding, "Gaze holding"},
        {names::kVorSinusoidal, "Sinusoidal VOR"},
        {names::kVorCancellation, "VOR cancellation"},
        {names::kHeadImpulse, "Head impulse test"},
        {names::kVorAdaptation, "VOR adaptation"},
        {names::kVhitImport, "Video head impulse test (imported)"},
    };
    const auto it = titles.find(protocol);
    if (it != titles.end()) return it->second;
    std::string words = protocol;
    std::replace(words.begin(), words.end(), '_', ' ');
    if (!words.empty()) words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
    return words;
}

std::vector<Finding> sara_items(const std::vector<Finding>& findings) {
    std::vector<Finding> items;
    for (const auto& f : findings)
        if (f.metric.rfind("sara_", 0) == 0) items.push_back(f);
    return items;
}

namespace {

std::string lower_first(std::string text) {
    if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) &&
        !std::isupper(static_cast<unsigned char>(text[1])))
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

std::string join_words(const std::vector<std::string>& parts) {
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) text += i + 1 == parts.size() ? " and " : ", ";
        text += parts[i];
    }
    return text;
}

}  // namespace

std::string impression(const Session& session) {
    int judged = 0, not_judged = 0;
    // Protocols in the order their findings appear, each with its findings outside the range.
    std::vector<std::pair<std::string, std::vector<std::string>>> outside;
    for (const auto& f : session.findings) {
        if (f.metric.rfind("sara_", 0) == 0) continue;  // scale items speak for themselves
        if (f.flag == Flag::NotJudged) {
            ++not_judged;
            continue;
        }
        ++judged;
        if (f.flag == Flag::Normal) continue;
        auto it = std::find_if(outside.begin(), outside.end(), [&](const auto& p) { return p.first == f.protocol; });
        if (it == outside.end()) it = outside.insert(outside.end(), {f.protocol, {}});
        const std::string name = lower_first(f.label.empty() ? f.metric : f.label);
        it->second.push_back(name + " " + (f.flag == Flag::High ? "above" : "below") + " the normal range (" +
                             format_value(f.value) + (unit_after_number(f.unit).empty() ? "" : " " + f.unit) + ")");
    }
    std::string text;
    if (session.findings.empty()) return "No findings were stored for this session; nothing can be said about it.";
    if (judged == 0) {
        text = "None of the findings could be judged against a normal range.";
    } else if (outside.empty()) {
        text = "All " + std::to_string(judged) + " findings judged against a normal range lie within it.";
    } else {
        int count = 0;
        for (const auto& p : outside) count += static_cast<int>(p.second.size());
        text = std::to_string(count) + " of " + std::to_string(judged) +
               " findings judged against a normal range lie outside it. ";
        for (const auto& [protocol, items] : outside)
            text += protocol_title(protocol) + ": " + join_words(items) + ". ";
        if (!text.empty() && text.back() == ' ') text.pop_back();
    }
    if (not_judged > 0)
        text += " " + std::to_string(not_judged) +
                (not_judged == 1 ? " finding has no normal range and was" : " findings have no normal range and were") +
                " not judged.";
    int hidden = 0;
    for (const auto& fit : session.model_fits)
        for (const auto& p : fit.parameters) hidden += p.identifiable ? 0 : 1;
    if (hidden > 0)
        text += " " + std::to_string(hidden) + " model parameter" + (hidden == 1 ? " was" : "s were") +
                " not identifiable from these data and " + (hidden == 1 ? "is" : "are") + " not reported.";
    const auto sara = sara_items(session.findings);
    if (!sara.empty()) {
        double total = 0;
        for (const auto& f : sara) total += std::isfinite(f.value) ? f.value : 0;
        text += " Estimated SARA limb items sum to " + format_value(total) + " (" + std::to_string(sara.size()) +
                " items).";
    }
    return text;
}

}  // namespace purkinje::report
