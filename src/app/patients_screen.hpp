#pragma once
// The patient list: search, add, and open a patient to see their sessions.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "purkinje/store/database.hpp"

namespace purkinje::app {

class PatientsScreen {
public:
    explicit PatientsScreen(store::Database& db);
    void draw();
    void reload();

private:
    void draw_list();
    void draw_details();
    void draw_add_form();

    store::Database& db_;
    std::vector<Patient> patients_;
    std::string selected_code_;
    std::vector<store::SessionSummary> sessions_;
    char search_[64] = {};
    char new_code_[64] = {};
    char new_diagnosis_[128] = {};
    int new_birth_year_ = 0;
    int new_sex_ = 3;  // unknown
    std::string message_;
    bool message_is_error_ = false;
};

}  // namespace purkinje::app
