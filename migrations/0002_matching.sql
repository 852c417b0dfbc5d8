CREATE TABLE `match_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`mentor_application_id` text NOT NULL,
	`mentee_application_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`response_token_hash` text,
	`expires_at` integer NOT NULL,
	`responded_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentor_application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentee_application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `match_requests_response_token_hash_unique` ON `match_requests` (`response_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `match_requests_tenant_pending_mentee_uq` ON `match_requests` (`tenant_id`,`mentee_application_id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `match_requests_tenant_mentor_status_idx` ON `match_requests` (`tenant_id`,`mentor_application_id`,`status`);--> statement-breakpoint
CREATE INDEX `match_requests_tenant_program_status_idx` ON `match_requests` (`tenant_id`,`program_id`,`status`);--> statement-breakpoint
CREATE TABLE `match_suggestions` (
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`mentee_application_id` text NOT NULL,
	`mentor_application_id` text NOT NULL,
	`score` real NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`shown_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `mentee_application_id`, `mentor_application_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentee_application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentor_application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `match_suggestions_tenant_mentor_expires_idx` ON `match_suggestions` (`tenant_id`,`mentor_application_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `matches` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`mentor_application_id` text NOT NULL,
	`mentee_application_id` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`source` text NOT NULL,
	`matching_run_id` text,
	`score` real NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`started_at` integer NOT NULL,
	`closed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentor_application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentee_application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`matching_run_id`) REFERENCES `matching_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `matches_tenant_active_mentee_uq` ON `matches` (`tenant_id`,`mentee_application_id`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `matches_tenant_program_status_idx` ON `matches` (`tenant_id`,`program_id`,`status`);--> statement-breakpoint
CREATE INDEX `matches_tenant_mentor_idx` ON `matches` (`tenant_id`,`mentor_application_id`);--> statement-breakpoint
CREATE TABLE `matching_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`status` text NOT NULL,
	`scope` text DEFAULT 'all' NOT NULL,
	`settings` text NOT NULL,
	`locked` text DEFAULT '[]' NOT NULL,
	`excluded` text DEFAULT '[]' NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`proposal` text,
	`error` text,
	`created_by_user_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	`decided_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `matching_runs_tenant_program_created_idx` ON `matching_runs` (`tenant_id`,`program_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `applications` ADD `suggestions_paused_at` integer;--> statement-breakpoint
ALTER TABLE `programs` ADD `matching_settings` text;