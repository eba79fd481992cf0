-- Purkinje schema, version 1: patients, sessions, trials, channels, analyses with findings and
-- model fits, and the append-only audit log. Documented column by column in docs/database.md.

CREATE TABLE patient (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
    birth_year  INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1880 AND 2200),
    sex         TEXT NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    diagnosis   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

-- Identifying fields, kept apart so that everything else can be shown or exported by code alone.
CREATE TABLE patient_identity (
    patient_id             INTEGER PRIMARY KEY REFERENCES patient(id) ON DELETE CASCADE,
    family_name            TEXT NOT NULL DEFAULT '',
    given_name             TEXT NOT NULL DEFAULT '',
    date_of_birth          TEXT NOT NULL DEFAULT '',
    medical_record_number  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE session (
    id                INTEGER PRIMARY KEY,
    patient_id        INTEGER NOT NULL REFERENCES patient(id),
    started_at        TEXT NOT NULL,
    examiner          TEXT NOT NULL DEFAULT '',
    camera            TEXT NOT NULL DEFAULT '',
    camera_fps        REAL NOT NULL DEFAULT 0,
    software_version  TEXT NOT NULL,
    comment           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_by_patient ON session(patient_id, started_at);

CREATE TABLE trial (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    trial_index  INTEGER NOT NULL,
    protocol     TEXT NOT NULL,
    condition    TEXT NOT NULL DEFAULT '',
    start_s      REAL NOT NULL DEFAULT 0,
    accepted     INTEGER NOT NULL DEFAULT 1 CHECK (accepted IN (0, 1)),
    note         TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, trial_index)
);

-- Samples of one channel of one trial: t_s as little-endian float64, values as little-endian
-- float32 (component-major: all samples of component 0, then component 1, ...), confidence as
-- little-endian float32.
CREATE TABLE channel (
    id               INTEGER PRIMARY KEY,
    trial_id         INTEGER NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    nominal_rate_hz  REAL NOT NULL,
    sample_count     INTEGER NOT NULL CHECK (sample_count >= 0),
    components       TEXT NOT NULL,  -- JSON: [{"name": "x", "unit": "deg"}, ...]
    t_s              BLOB NOT NULL,
    sample_values    BLOB NOT NULL,
    confidence       BLOB NOT NULL,
    UNIQUE (trial_id, name)
);

CREATE TABLE stimulus_event (
    id        INTEGER PRIMARY KEY,
    trial_id  INTEGER NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    t_s       REAL NOT NULL,
    kind      TEXT NOT NULL,
    label     TEXT NOT NULL DEFAULT '',
    event_values TEXT NOT NULL DEFAULT '[]',  -- JSON array of numbers
    UNIQUE (trial_id, seq)
);

-- One analysis = the findings and fits one algorithm version produced for a session. Re-analysis
-- with a newer version adds a row; the old one stays.
CREATE TABLE analysis (
    id                 INTEGER PRIMARY KEY,
    session_id         INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    algorithm_version  TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    UNIQUE (session_id, algorithm_version)
);

CREATE TABLE finding (
    id             INTEGER PRIMARY KEY,
    analysis_id    INTEGER NOT NULL REFERENCES analysis(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    protocol       TEXT NOT NULL,
    metric         TEXT NOT NULL,
    value          REAL,              -- NULL when not finite
    unit           TEXT NOT NULL,
    method         TEXT NOT NULL,
    normal_low     REAL,
    normal_high    REAL,
    norm_citation  TEXT NOT NULL DEFAULT '',
    flag           TEXT NOT NULL CHECK (flag IN ('normal', 'low', 'high', 'not judged')),
    ci_low         REAL,
    ci_high        REAL,
    label          TEXT NOT NULL DEFAULT '',
    UNIQUE (analysis_id, seq)
);
CREATE INDEX finding_by_metric ON finding(metric);

CREATE TABLE model_fit (
    id             INTEGER PRIMARY KEY,
    analysis_id    INTEGER NOT NULL REFERENCES analysis(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    protocol       TEXT NOT NULL,
    model          TEXT NOT NULL,
    model_version  TEXT NOT NULL,
    parameters     TEXT NOT NULL,  -- JSON: [{"name","value","unit","ci_low","ci_high","identifiable"}]
    rmse           REAL,
    rmse_unit      TEXT NOT NULL DEFAULT '',
    r_squared      REAL,
    n_observations INTEGER NOT NULL DEFAULT 0,
    converged      INTEGER NOT NULL CHECK (converged IN (0, 1)),
    message        TEXT NOT NULL DEFAULT '',
    UNIQUE (analysis_id, seq)
);

-- Append-only: who did what, when. The triggers refuse any change or removal.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be removed');
END;
