#pragma once
// The patient list: search, add, edit, and open a patient. The pseudonymous code comes first;
// identifying fields (names, date of birth, record number) are stored only when the user enters them.

#include <string>
#include <vector>

#include "app_state.hpp"
#include "purkinje/store/database.hpp"

namespace purkinje::app {

class PatientsScreen {
public:
    PatientsScreen(store::Database& db, AppState& state);
    void draw();
    void reload();

    // The actions behind the buttons, also driven by the scripted walk.
    void set_search(const std::string& text);
    void start_new();
    void start_edit(const std::string& code);
    void fill_form(const Patient& patient);   // puts a patient's fields into the form
    bool submit_form();                      // add or save; false with a message when refused
    const std::string& form_message() const { return form_message_; }
    const std::vector<Patient>& patients() const { return patients_; }

private:
    void draw_list();
    void draw_form();

    store::Database& db_;
    AppState& state_;
    int seen_generation_ = -1;
    std::vector<Patient> patients_;
    std::string selected_code_;
    char search_[64] = {};

    // The add/edit form. editing_id_ = 0 adds a new patient.
    std::int64_t editing_id_ = 0;
    std::string editing_created_at_;
    std::string editing_code_;     // as stored, while the form may hold an unsaved change
    char code_[65] = {};
    int birth_year_ = 0;
    int sex_ = 3;  // unknown
    char diagnosis_[128] = {};
    char family_name_[128] = {};
    char given_name_[128] = {};
    char date_of_birth_[16] = {};
    char record_number_[64] = {};
    std::string form_message_;
    bool form_message_is_error_ = false;
};

}  // namespace purkinje::app
