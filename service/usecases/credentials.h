#pragma once

#include <string>
#include <string_view>

namespace fostermatch::usecases {

// A new API token: "fm_" + 43 base64url characters (256 random bits from libsodium).
std::string GenerateToken();

// Hex SHA-256 of a token. A token has 256 bits of entropy, so a fast hash is enough to make a
// stolen table useless; the lookup stays one indexed query.
std::string HashToken(std::string_view token);

// Argon2id (libsodium crypto_pwhash_str, interactive limits), salted; slow on purpose.
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& stored_hash);

// Initialises libsodium once; safe to call from several threads.
void InitCrypto();

}  // namespace fostermatch::usecases
