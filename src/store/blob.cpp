#include "blob.hpp"

#include <bit>
#include <cstring>

#include "purkinje/core/error.hpp"

namespace purkinje::store {
namespace {

template <typename T, typename U>
void append_le(std::string& out, const std::vector<T>& values) {
    static_assert(sizeof(T) == sizeof(U));
    const std::size_t start = out.size();
    out.resize(start + values.size() * sizeof(T));
    char* dst = out.data() + start;
    for (const T& v : values) {
        U bits = std::bit_cast<U>(v);
        if constexpr (std::endian::native == std::endian::big) {
            U swapped = 0;
            for (std::size_t b = 0; b < sizeof(U); ++b) swapped |= ((bits >> (8 * b)) & 0xFF) << (8 * (sizeof(U) - 1 - b));
            bits = swapped;
        }
        std::memcpy(dst, &bits, sizeof(U));
        dst += sizeof(U);
    }
}

template <typename T, typename U>
std::vector<T> read_le(const unsigned char* src, std::size_t count) {
    std::vector<T> values(count);
    for (std::size_t i = 0; i < count; ++i) {
        U bits = 0;
        for (std::size_t b = 0; b < sizeof(U); ++b) bits |= U(src[i * sizeof(U) + b]) << (8 * b);
        values[i] = std::bit_cast<T>(bits);
    }
    return values;
}

void check_size(std::size_t bytes, std::size_t expected, const std::string& where) {
    if (bytes != expected)
        throw Error(ErrorKind::Storage,
                    "stored samples are damaged: " + std::to_string(bytes) + " bytes where " +
                        std::to_string(expected) + " were written",
                    where, "a BLOB matching the channel's sample count");
}

}  // namespace

std::string encode_f64(const std::vector<double>& values) {
    std::string out;
    append_le<double, std::uint64_t>(out, values);
    return out;
}

std::string encode_f32(const std::vector<float>& values) {
    std::string out;
    append_le<float, std::uint32_t>(out, values);
    return out;
}

std::string encode_f32_columns(const std::vector<std::vector<float>>& columns) {
    std::string out;
    for (const auto& column : columns) append_le<float, std::uint32_t>(out, column);
    return out;
}

std::vector<double> decode_f64(const void* data, std::size_t bytes, std::size_t count,
                               const std::string& where) {
    check_size(bytes, count * 8, where);
    return read_le<double, std::uint64_t>(static_cast<const unsigned char*>(data), count);
}

std::vector<float> decode_f32(const void* data, std::size_t bytes, std::size_t count,
                              const std::string& where) {
    check_size(bytes, count * 4, where);
    return read_le<float, std::uint32_t>(static_cast<const unsigned char*>(data), count);
}

std::vector<std::vector<float>> decode_f32_columns(const void* data, std::size_t bytes,
                                                   std::size_t columns, std::size_t count,
                                                   const std::string& where) {
    check_size(bytes, columns * count * 4, where);
    std::vector<std::vector<float>> out;
    out.reserve(columns);
    const auto* src = static_cast<const unsigned char*>(data);
    for (std::size_t c = 0; c < columns; ++c)
        out.push_back(read_le<float, std::uint32_t>(src + c * count * 4, count));
    return out;
}

}  // namespace purkinje::store
