-- PostgreSQL keeps the inbox counters in a table maintained by a trigger (its 0018). SQLite counts the
-- covering partial index contact_conversations_active_counts directly (p99 about 22 ms over 30,000 open
-- conversations in a million), so nothing changes here; the number keeps both dialects at one version.
SELECT 1;
