-- Reconcile rewrites every flag on each run; an index on the random flag_key hash made those
-- inserts random B-tree writes (about 1 s per million claims). Dismissals are few: marking them
-- scans flags once, and a page looks a key up only when a person dismisses or restores a flag.
DROP INDEX IF EXISTS flags_key;
