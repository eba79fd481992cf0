#pragma once
// Little-endian sample BLOBs: the on-disk form of channel samples, the same on every machine.

#include <cstdint>
#include <string>
#include <vector>

namespace purkinje::store {

std::string encode_f64(const std::vector<double>& values);
std::string encode_f32(const std::vector<float>& values);
// Component-major: all samples of component 0, then of component 1, ...
std::string encode_f32_columns(const std::vector<std::vector<float>>& columns);

// Decoders check the size against the expected count and throw a Storage error naming `where`.
std::vector<double> decode_f64(const void* data, std::size_t bytes, std::size_t count,
                               const std::string& where);
std::vector<float> decode_f32(const void* data, std::size_t bytes, std::size_t count,
                              const std::string& where);
std::vector<std::vector<float>> decode_f32_columns(const void* data, std::size_t bytes,
                                                   std::size_t columns, std::size_t count,
                                                   const std::string& where);

}  // namespace purkinje::store
