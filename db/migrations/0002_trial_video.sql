-- Version 2: the raw video of a trial, kept beside the database so that a session can be
-- re-analysed later by a newer tracker. The hash proves the file is the one that was recorded.

CREATE TABLE trial_video (
    id               INTEGER PRIMARY KEY,
    trial_id         INTEGER NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
    view             TEXT NOT NULL,             -- 'eye', 'face', 'hand'
    path             TEXT NOT NULL,             -- relative to the database's folder when inside it
    sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
    codec            TEXT NOT NULL,             -- 'FFV1', 'MJPG'
    frame_count      INTEGER NOT NULL CHECK (frame_count >= 0),
    timestamps_path  TEXT NOT NULL DEFAULT '',  -- the per-frame time stamp sidecar
    UNIQUE (trial_id, view)
);
