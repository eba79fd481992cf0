#include "purkinje/core/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace purkinje {

const char* to_string(TimestampOrigin origin) {
    switch (origin) {
        case TimestampOrigin::Driver: return "driver";
        case TimestampOrigin::SteadyClock: return "steady_clock";
        case TimestampOrigin::File: return "file";
        case TimestampOrigin::Synthetic: return "synthetic";
    }
    return "unknown";
}

double steady_now_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string utc_now_iso8601() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

bool is_iso8601_utc(const std::string& text) {
    if (text.size() != 20) return false;
    const char* pattern = "dddd-dd-ddTdd:dd:ddZ";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char p = pattern[i];
        const char c = text[i];
        if (p == 'd') {
            if (c < '0' || c > '9') return false;
        } else if (c != p) {
            return false;
        }
    }
    return true;
}

}  // namespace purkinje
