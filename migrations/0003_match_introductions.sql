ALTER TABLE `matches` ADD `introduced_at` integer;--> statement-breakpoint
CREATE INDEX `matches_unintroduced_created_idx` ON `matches` (`created_at`) WHERE introduced_at IS NULL;