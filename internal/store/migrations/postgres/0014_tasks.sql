-- Tasks and callbacks: the outcome when done, and a team's list by state and due time.
ALTER TABLE contact_tasks ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
CREATE INDEX contact_tasks_team_due ON contact_tasks (team, state, due_at, id);
CREATE INDEX contact_tasks_assignee ON contact_tasks (assignee_id, state);
