-- Closures from before match_relationships.closure_survey_sent_at was kept: the record from the job
-- ledger where it still holds both sends (it is pruned after 30 days) ...
UPDATE `match_relationships` SET `closure_survey_sent_at` = (
	SELECT max(`processed_at`) FROM `processed_jobs`
	WHERE `idempotency_key` IN (
		'match.closed:' || `match_relationships`.`tenant_id` || ':' || `match_relationships`.`match_id` || ':mentor',
		'match.closed:' || `match_relationships`.`tenant_id` || ':' || `match_relationships`.`match_id` || ':mentee'
	)
)
WHERE `closure_survey_sent_at` IS NULL AND (
	SELECT count(*) FROM `processed_jobs`
	WHERE `idempotency_key` IN (
		'match.closed:' || `match_relationships`.`tenant_id` || ':' || `match_relationships`.`match_id` || ':mentor',
		'match.closed:' || `match_relationships`.`tenant_id` || ':' || `match_relationships`.`match_id` || ':mentee'
	)
) = 2;
--> statement-breakpoint
-- ... and, for closures older than the ledger keeps, the close itself: the console took those as sent
-- (the sweep resends a lost survey within a week).
UPDATE `match_relationships` SET `closure_survey_sent_at` = (
	SELECT `closed_at` FROM `matches` WHERE `matches`.`tenant_id` = `match_relationships`.`tenant_id` AND `matches`.`id` = `match_relationships`.`match_id`
)
WHERE `closure_survey_sent_at` IS NULL AND EXISTS (
	SELECT 1 FROM `matches` WHERE `matches`.`tenant_id` = `match_relationships`.`tenant_id` AND `matches`.`id` = `match_relationships`.`match_id`
		AND `matches`.`status` = 'closed' AND `matches`.`closed_at` < (unixepoch('subsec') - 30 * 86400) * 1000
);
