// Sessions: trials with their channels, stimulus events and videos, and versioned analyses
// (findings and model fits). A session is written in one transaction.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "blob.hpp"
#include "purkinje/core/error.hpp"
#include "purkinje/core/time.hpp"
#include "purkinje/store/database.hpp"
#include "sqlite_error.hpp"

using nlohmann::json;

namespace purkinje::store {
namespace {

void bind_optional(SQLite::Statement& s, int index, const std::optional<double>& v) {
    if (v && std::isfinite(*v)) s.bind(index, *v); else s.bind(index);
}

void bind_finite(SQLite::Statement& s, int index, double v) {
    if (std::isfinite(v)) s.bind(index, v); else s.bind(index);
}

std::optional<double> optional_column(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getDouble();
}

double finite_column(const SQLite::Column& c) { return c.isNull() ? std::nan("") : c.getDouble(); }

json optional_json(const std::optional<double>& v) {
    return (v && std::isfinite(*v)) ? json(*v) : json(nullptr);
}

std::optional<double> optional_from_json(const json& j) {
    if (j.is_null()) return std::nullopt;
    return j.get<double>();
}

void validate_session(const Session& session) {
    const std::string where = "session of patient '" + session.patient_code + "'";
    if (!is_iso8601_utc(session.started_at))
        throw_bad_input(where + ", started_at", "'" + session.started_at + "' is not a UTC time stamp",
                        "YYYY-MM-DDTHH:MM:SSZ");
    std::set<int> indices;
    for (const Trial& trial : session.trials) {
        if (!indices.insert(trial.index).second)
            throw_bad_input(where, "has two trials with index " + std::to_string(trial.index),
                            "unique trial indices");
        if (trial.protocol.empty())
            throw_bad_input(where + ", trial " + std::to_string(trial.index), "has no protocol");
        trial.recording.validate();
    }
    for (const Finding& f : session.findings)
        if (f.metric.empty() || f.unit.empty() || f.method.empty())
            throw_bad_input(where + ", finding '" + f.metric + "'",
                            "lacks a metric key, unit or method", "every finding to say what, in which unit, and how");
}

void insert_channel(SQLite::Database& db, std::int64_t trial_id, const Channel& channel) {
    json components = json::array();
    for (const auto& c : channel.components) components.push_back({{"name", c.name}, {"unit", c.unit}});
    SQLite::Statement insert(db,
                             "INSERT INTO channel (trial_id, name, nominal_rate_hz, sample_count, components, "
                             "t_s, sample_values, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    const std::string t = encode_f64(channel.t_s);
    const std::string values = encode_f32_columns(channel.values);
    const std::string confidence = encode_f32(channel.confidence);
    insert.bind(1, trial_id);
    insert.bind(2, channel.name);
    insert.bind(3, channel.nominal_rate_hz);
    insert.bind(4, static_cast<std::int64_t>(channel.size()));
    insert.bind(5, components.dump());
    insert.bindNoCopy(6, t.data(), static_cast<int>(t.size()));
    insert.bindNoCopy(7, values.data(), static_cast<int>(values.size()));
    insert.bindNoCopy(8, confidence.data(), static_cast<int>(confidence.size()));
    insert.exec();
}

void insert_trial(SQLite::Database& db, std::int64_t session_id, const Trial& trial) {
    SQLite::Statement insert(db,
                             "INSERT INTO trial (session_id, trial_index, protocol, condition, start_s, accepted, note) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, session_id);
    insert.bind(2, trial.index);
    insert.bind(3, trial.protocol);
    insert.bind(4, trial.condition);
    insert.bind(5, trial.start_s);
    insert.bind(6, trial.accepted ? 1 : 0);
    insert.bind(7, trial.note);
    insert.exec();
    const std::int64_t trial_id = db.getLastInsertRowid();
    for (const Channel& channel : trial.recording.channels) insert_channel(db, trial_id, channel);
    SQLite::Statement event(db,
                            "INSERT INTO stimulus_event (trial_id, seq, t_s, kind, label, event_values) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < trial.recording.events.size(); ++i) {
        const StimulusEvent& e = trial.recording.events[i];
        event.bind(1, trial_id);
        event.bind(2, static_cast<std::int64_t>(i));
        event.bind(3, e.t_s);
        event.bind(4, e.kind);
        event.bind(5, e.label);
        event.bind(6, json(e.values).dump());
        event.exec();
        event.reset();
    }
    SQLite::Statement video(db,
                            "INSERT INTO trial_video (trial_id, view, path, sha256, codec, frame_count, "
                            "timestamps_path) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const TrialVideo& v : trial.videos) {
        video.bind(1, trial_id);
        video.bind(2, v.view);
        video.bind(3, v.path);
        video.bind(4, v.sha256);
        video.bind(5, v.codec);
        video.bind(6, v.frame_count);
        video.bind(7, v.timestamps_path);
        video.exec();
        video.reset();
    }
}

std::int64_t insert_analysis(SQLite::Database& db, std::int64_t session_id, const std::string& version,
                             const std::vector<Finding>& findings, const std::vector<ModelFit>& fits) {
    SQLite::Statement analysis(db,
                               "INSERT INTO analysis (session_id, algorithm_version, created_at) VALUES (?, ?, ?)");
    analysis.bind(1, session_id);
    analysis.bind(2, version);
    analysis.bind(3, utc_now_iso8601());
    analysis.exec();
    const std::int64_t analysis_id = db.getLastInsertRowid();

    SQLite::Statement finding(db,
                              "INSERT INTO finding (analysis_id, seq, protocol, metric, value, unit, method, "
                              "normal_low, normal_high, norm_citation, flag, ci_low, ci_high, label) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = findings[i];
        finding.bind(1, analysis_id);
        finding.bind(2, static_cast<std::int64_t>(i));
        finding.bind(3, f.protocol);
        finding.bind(4, f.metric);
        bind_finite(finding, 5, f.value);
        finding.bind(6, f.unit);
        finding.bind(7, f.method);
        bind_optional(finding, 8, f.normal.low);
        bind_optional(finding, 9, f.normal.high);
        finding.bind(10, f.normal.citation);
        finding.bind(11, to_string(f.flag));
        bind_optional(finding, 12, f.ci_low);
        bind_optional(finding, 13, f.ci_high);
        finding.bind(14, f.label);
        finding.exec();
        finding.reset();
    }

    SQLite::Statement fit(db,
                          "INSERT INTO model_fit (analysis_id, seq, protocol, model, model_version, parameters, "
                          "rmse, rmse_unit, r_squared, n_observations, converged, message) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < fits.size(); ++i) {
        const ModelFit& m = fits[i];
        json parameters = json::array();
        for (const auto& p : m.parameters)
            parameters.push_back({{"name", p.name},
                                  {"value", std::isfinite(p.value) ? json(p.value) : json(nullptr)},
                                  {"unit", p.unit},
                                  {"ci_low", optional_json(p.ci_low)},
                                  {"ci_high", optional_json(p.ci_high)},
                                  {"identifiable", p.identifiable}});
        fit.bind(1, analysis_id);
        fit.bind(2, static_cast<std::int64_t>(i));
        fit.bind(3, m.protocol);
        fit.bind(4, m.model);
        fit.bind(5, m.model_version);
        fit.bind(6, parameters.dump());
        bind_finite(fit, 7, m.quality.rmse);
        fit.bind(8, m.quality.rmse_unit);
        bind_finite(fit, 9, m.quality.r_squared);
        fit.bind(10, m.quality.n_observations);
        fit.bind(11, m.quality.converged ? 1 : 0);
        fit.bind(12, m.quality.message);
        fit.exec();
        fit.reset();
    }
    return analysis_id;
}

Finding read_finding(SQLite::Statement& q, int first) {
    Finding f;
    f.protocol = q.getColumn(first + 0).getString();
    f.metric = q.getColumn(first + 1).getString();
    f.value = finite_column(q.getColumn(first + 2));
    f.unit = q.getColumn(first + 3).getString();
    f.method = q.getColumn(first + 4).getString();
    f.normal.low = optional_column(q.getColumn(first + 5));
    f.normal.high = optional_column(q.getColumn(first + 6));
    f.normal.citation = q.getColumn(first + 7).getString();
    f.flag = flag_from_string(q.getColumn(first + 8).getString());
    f.ci_low = optional_column(q.getColumn(first + 9));
    f.ci_high = optional_column(q.getColumn(first + 10));
    f.label = q.getColumn(first + 11).getString();
    return f;
}

const char* kFindingColumns =
    "f.protocol, f.metric, f.value, f.unit, f.method, f.normal_low, f.normal_high, f.norm_citation, "
    "f.flag, f.ci_low, f.ci_high, f.label";

Channel read_channel(SQLite::Statement& q, const std::string& where) {
    Channel c;
    c.name = q.getColumn(0).getString();
    c.nominal_rate_hz = q.getColumn(1).getDouble();
    const auto count = static_cast<std::size_t>(q.getColumn(2).getInt64());
    const std::string channel_where = where + ", channel '" + c.name + "'";
    json components;
    try {
        components = json::parse(q.getColumn(3).getString());
        for (const auto& item : components)
            c.components.push_back({item.at("name").get<std::string>(), item.at("unit").get<std::string>()});
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Storage, std::string("component list is damaged: ") + e.what(),
                    channel_where + ", components", "a JSON list of {name, unit}");
    }
    const SQLite::Column t = q.getColumn(4);
    const SQLite::Column values = q.getColumn(5);
    const SQLite::Column confidence = q.getColumn(6);
    c.t_s = decode_f64(t.getBlob(), t.getBytes(), count, channel_where + ", t_s");
    c.values = decode_f32_columns(values.getBlob(), values.getBytes(), c.components.size(), count,
                                  channel_where + ", sample_values");
    c.confidence = decode_f32(confidence.getBlob(), confidence.getBytes(), count,
                              channel_where + ", confidence");
    return c;
}

std::vector<Trial> load_trials(SQLite::Database& db, std::int64_t session_id, const std::string& where) {
    std::vector<Trial> trials;
    SQLite::Statement query(db,
                            "SELECT id, trial_index, protocol, condition, start_s, accepted, note FROM trial "
                            "WHERE session_id = ? ORDER BY trial_index");
    query.bind(1, session_id);
    std::vector<std::int64_t> ids;
    while (query.executeStep()) {
        Trial t;
        ids.push_back(query.getColumn(0).getInt64());
        t.index = query.getColumn(1).getInt();
        t.protocol = query.getColumn(2).getString();
        t.condition = query.getColumn(3).getString();
        t.start_s = query.getColumn(4).getDouble();
        t.accepted = query.getColumn(5).getInt() != 0;
        t.note = query.getColumn(6).getString();
        trials.push_back(std::move(t));
    }
    SQLite::Statement channels(db,
                               "SELECT name, nominal_rate_hz, sample_count, components, t_s, sample_values, "
                               "confidence FROM channel WHERE trial_id = ? ORDER BY id");
    SQLite::Statement events(db,
                             "SELECT t_s, kind, label, event_values FROM stimulus_event WHERE trial_id = ? "
                             "ORDER BY seq");
    SQLite::Statement videos(db,
                             "SELECT view, path, sha256, codec, frame_count, timestamps_path FROM trial_video "
                             "WHERE trial_id = ? ORDER BY id");
    for (std::size_t i = 0; i < trials.size(); ++i) {
        const std::string trial_where = where + ", trial " + std::to_string(trials[i].index);
        channels.bind(1, ids[i]);
        while (channels.executeStep()) trials[i].recording.channels.push_back(read_channel(channels, trial_where));
        channels.reset();
        events.bind(1, ids[i]);
        while (events.executeStep()) {
            StimulusEvent e;
            e.t_s = events.getColumn(0).getDouble();
            e.kind = events.getColumn(1).getString();
            e.label = events.getColumn(2).getString();
            try {
                e.values = json::parse(events.getColumn(3).getString()).get<std::vector<double>>();
            } catch (const json::exception& ex) {
                throw Error(ErrorKind::Storage, std::string("stimulus event values are damaged: ") + ex.what(),
                            trial_where + ", stimulus_event", "a JSON list of numbers");
            }
            trials[i].recording.events.push_back(std::move(e));
        }
        events.reset();
        videos.bind(1, ids[i]);
        while (videos.executeStep())
            trials[i].videos.push_back({videos.getColumn(0).getString(), videos.getColumn(1).getString(),
                                        videos.getColumn(2).getString(), videos.getColumn(3).getString(),
                                        videos.getColumn(4).getInt64(), videos.getColumn(5).getString()});
        videos.reset();
    }
    return trials;
}

std::vector<ModelFit> load_fits(SQLite::Database& db, std::int64_t analysis_id, const std::string& where) {
    std::vector<ModelFit> fits;
    SQLite::Statement query(db,
                            "SELECT protocol, model, model_version, parameters, rmse, rmse_unit, r_squared, "
                            "n_observations, converged, message FROM model_fit WHERE analysis_id = ? ORDER BY seq");
    query.bind(1, analysis_id);
    while (query.executeStep()) {
        ModelFit m;
        m.protocol = query.getColumn(0).getString();
        m.model = query.getColumn(1).getString();
        m.model_version = query.getColumn(2).getString();
        try {
            for (const auto& p : json::parse(query.getColumn(3).getString())) {
                ModelParameter parameter;
                parameter.name = p.at("name").get<std::string>();
                parameter.value = p.at("value").is_null() ? std::nan("") : p.at("value").get<double>();
                parameter.unit = p.at("unit").get<std::string>();
                parameter.ci_low = optional_from_json(p.at("ci_low"));
                parameter.ci_high = optional_from_json(p.at("ci_high"));
                parameter.identifiable = p.at("identifiable").get<bool>();
                m.parameters.push_back(std::move(parameter));
            }
        } catch (const json::exception& e) {
            throw Error(ErrorKind::Storage, std::string("model parameters are damaged: ") + e.what(),
                        where + ", model_fit '" + m.model + "'", "a JSON list of parameters");
        }
        m.quality.rmse = finite_column(query.getColumn(4));
        m.quality.rmse_unit = query.getColumn(5).getString();
        m.quality.r_squared = finite_column(query.getColumn(6));
        m.quality.n_observations = query.getColumn(7).getInt();
        m.quality.converged = query.getColumn(8).getInt() != 0;
        m.quality.message = query.getColumn(9).getString();
        fits.push_back(std::move(m));
    }
    return fits;
}

}  // namespace

std::int64_t Database::save_session(Session& session) {
    require_writable("save a session");
    validate_session(session);
    const Patient owner = patient(session.patient_code);
    if (session.software_version.empty()) session.software_version = software_version();
    try {
        SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement insert(*db_,
                                 "INSERT INTO session (patient_id, started_at, examiner, camera, camera_fps, "
                                 "software_version, comment) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.bind(1, owner.id);
        insert.bind(2, session.started_at);
        insert.bind(3, session.examiner);
        insert.bind(4, session.camera);
        insert.bind(5, session.camera_fps);
        insert.bind(6, session.software_version);
        insert.bind(7, session.comment);
        insert.exec();
        const std::int64_t id = db_->getLastInsertRowid();
        for (const Trial& trial : session.trials) insert_trial(*db_, id, trial);
        if (!session.analysis_version.empty())
            insert_analysis(*db_, id, session.analysis_version, session.findings, session.model_fits);
        audit("session.save", session.patient_code + "/" + std::to_string(id),
              std::to_string(session.trials.size()) + " trials, " + std::to_string(session.findings.size()) +
                  " findings");
        transaction.commit();
        session.id = id;
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "saving the session of patient " + session.patient_code);
    }
    return session.id;
}

Session Database::load_session(std::int64_t session_id, const std::optional<std::string>& version) const {
    const std::string where = path_.string() + ", session " + std::to_string(session_id);
    try {
        // One read transaction: the session is read as one consistent snapshot.
        SQLite::Transaction snapshot(*db_, SQLite::TransactionBehavior::DEFERRED);
        SQLite::Statement query(*db_,
                                "SELECT s.id, p.code, s.started_at, s.examiner, s.camera, s.camera_fps, "
                                "s.software_version, s.comment FROM session s JOIN patient p ON p.id = s.patient_id "
                                "WHERE s.id = ?");
        query.bind(1, session_id);
        if (!query.executeStep()) throw_not_found("session " + std::to_string(session_id), "no such session in " + path_.string());
        Session s;
        s.id = query.getColumn(0).getInt64();
        s.patient_code = query.getColumn(1).getString();
        s.started_at = query.getColumn(2).getString();
        s.examiner = query.getColumn(3).getString();
        s.camera = query.getColumn(4).getString();
        s.camera_fps = query.getColumn(5).getDouble();
        s.software_version = query.getColumn(6).getString();
        s.comment = query.getColumn(7).getString();
        s.trials = load_trials(*db_, s.id, where);

        SQLite::Statement analysis(*db_, version ? "SELECT id, algorithm_version FROM analysis WHERE session_id = ? AND algorithm_version = ?"
                                                 : "SELECT id, algorithm_version FROM analysis WHERE session_id = ? ORDER BY id DESC LIMIT 1");
        analysis.bind(1, s.id);
        if (version) analysis.bind(2, *version);
        if (analysis.executeStep()) {
            const std::int64_t analysis_id = analysis.getColumn(0).getInt64();
            s.analysis_version = analysis.getColumn(1).getString();
            SQLite::Statement findings(*db_, std::string("SELECT ") + kFindingColumns +
                                                 " FROM finding f WHERE f.analysis_id = ? ORDER BY f.seq");
            findings.bind(1, analysis_id);
            while (findings.executeStep()) s.findings.push_back(read_finding(findings, 0));
            s.model_fits = load_fits(*db_, analysis_id, where);
        } else if (version) {
            throw_not_found(where, "has no analysis of version " + *version);
        }
        return s;
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, where, "loading the session");
    }
}

std::vector<SessionSummary> Database::list_sessions(const std::string& patient_code) const {
    std::vector<SessionSummary> sessions;
    try {
        SQLite::Statement query(*db_,
                                "SELECT s.id, p.code, s.started_at, s.examiner, "
                                "(SELECT count(*) FROM trial t WHERE t.session_id = s.id), "
                                "a.algorithm_version, "
                                "(SELECT count(*) FROM finding f WHERE f.analysis_id = a.id), "
                                "(SELECT count(*) FROM finding f WHERE f.analysis_id = a.id AND f.flag IN ('high', 'low')) "
                                "FROM session s JOIN patient p ON p.id = s.patient_id "
                                "LEFT JOIN analysis a ON a.id = (SELECT max(id) FROM analysis WHERE session_id = s.id) "
                                "WHERE ?1 = '' OR p.code = ?1 ORDER BY s.started_at, s.id");
        query.bind(1, patient_code);
        while (query.executeStep())
            sessions.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                                query.getColumn(2).getString(), query.getColumn(3).getString(),
                                query.getColumn(4).getInt(),
                                query.getColumn(5).isNull() ? "" : query.getColumn(5).getString(),
                                query.getColumn(6).getInt(), query.getColumn(7).getInt()});
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "listing sessions");
    }
    return sessions;
}

std::vector<AnalysisSummary> Database::analyses(std::int64_t session_id) const {
    std::vector<AnalysisSummary> list;
    try {
        SQLite::Statement query(*db_,
                                "SELECT a.id, a.algorithm_version, a.created_at, "
                                "(SELECT count(*) FROM finding f WHERE f.analysis_id = a.id) "
                                "FROM analysis a WHERE a.session_id = ? ORDER BY a.id");
        query.bind(1, session_id);
        while (query.executeStep())
            list.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                            query.getColumn(2).getString(), query.getColumn(3).getInt()});
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "listing analyses");
    }
    return list;
}

std::int64_t Database::add_analysis(std::int64_t session_id, const std::string& version,
                                    const std::vector<Finding>& findings, const std::vector<ModelFit>& fits) {
    require_writable("store an analysis");
    const std::string where = "session " + std::to_string(session_id);
    if (version.empty()) throw_bad_input(where, "an analysis needs its algorithm version");
    for (const auto& a : analyses(session_id))
        if (a.algorithm_version == version)
            throw_bad_input(where, "already has an analysis of version " + version + "; it is kept as it is",
                            "a newer algorithm version");
    try {
        SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        if (db_->execAndGet("SELECT count(*) FROM session WHERE id = " + std::to_string(session_id)).getInt() == 0)
            throw_not_found(where, "no such session in " + path_.string());
        const std::int64_t id = insert_analysis(*db_, session_id, version, findings, fits);
        audit("analysis.add", where, version + ": " + std::to_string(findings.size()) + " findings");
        transaction.commit();
        return id;
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "storing the analysis of " + where);
    }
}

void Database::set_session_comment(std::int64_t session_id, const std::string& comment) {
    require_writable("change the comment");
    try {
        SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement update(*db_, "UPDATE session SET comment = ? WHERE id = ?");
        update.bind(1, comment);
        update.bind(2, session_id);
        if (update.exec() != 1) throw_not_found("session " + std::to_string(session_id), "no such session");
        audit("session.comment", "session " + std::to_string(session_id));
        transaction.commit();
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "saving the comment");
    }
}

void Database::set_trial_accepted(std::int64_t session_id, int trial_index, bool accepted, const std::string& note) {
    require_writable("accept or reject a trial");
    const std::string where = "session " + std::to_string(session_id) + ", trial " + std::to_string(trial_index);
    try {
        SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement update(*db_, "UPDATE trial SET accepted = ?, note = ? WHERE session_id = ? AND trial_index = ?");
        update.bind(1, accepted ? 1 : 0);
        update.bind(2, note);
        update.bind(3, session_id);
        update.bind(4, trial_index);
        if (update.exec() != 1) throw_not_found(where, "no such trial");
        audit(accepted ? "trial.accept" : "trial.reject", where, note);
        transaction.commit();
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "changing " + where);
    }
}

std::vector<MetricPoint> Database::metric_series(const std::string& patient_code, const std::string& metric) const {
    std::vector<MetricPoint> points;
    try {
        SQLite::Statement query(*db_, std::string("SELECT s.id, s.started_at, ") + kFindingColumns +
                                          " FROM session s JOIN patient p ON p.id = s.patient_id "
                                          "JOIN analysis a ON a.id = (SELECT max(id) FROM analysis WHERE session_id = s.id) "
                                          "JOIN finding f ON f.analysis_id = a.id "
                                          "WHERE p.code = ? AND f.metric = ? ORDER BY s.started_at, s.id, f.seq");
        query.bind(1, patient_code);
        query.bind(2, metric);
        while (query.executeStep())
            points.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(), read_finding(query, 2)});
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "reading the course of " + metric);
    }
    return points;
}

std::vector<std::string> Database::metrics_of_patient(const std::string& patient_code) const {
    std::vector<std::string> metrics;
    try {
        SQLite::Statement query(*db_,
                                "SELECT f.metric, min(f.seq) AS first FROM session s JOIN patient p ON p.id = s.patient_id "
                                "JOIN analysis a ON a.id = (SELECT max(id) FROM analysis WHERE session_id = s.id) "
                                "JOIN finding f ON f.analysis_id = a.id WHERE p.code = ? GROUP BY f.metric ORDER BY first");
        query.bind(1, patient_code);
        while (query.executeStep()) metrics.push_back(query.getColumn(0).getString());
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, path_.string(), "listing the metrics of " + patient_code);
    }
    return metrics;
}

}  // namespace purkinje::store
