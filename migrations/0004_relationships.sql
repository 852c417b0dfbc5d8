CREATE TABLE `checkin_link_uses` (
	`tenant_id` text NOT NULL,
	`link_id` text NOT NULL,
	`checkin_id` text,
	`used_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `link_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `checkins` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`match_id` text NOT NULL,
	`author_application_id` text NOT NULL,
	`source` text NOT NULL,
	`outcome` text NOT NULL,
	`meeting_on` text,
	`duration_minutes` integer,
	`mode` text,
	`topics` text DEFAULT '[]' NOT NULL,
	`shared_note` text DEFAULT '' NOT NULL,
	`private_reflection` text DEFAULT '' NOT NULL,
	`rating` integer,
	`resolved_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `checkins_tenant_match_created_idx` ON `checkins` (`tenant_id`,`match_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `match_goals` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`match_id` text NOT NULL,
	`title` text NOT NULL,
	`why` text DEFAULT '' NOT NULL,
	`target_on` text,
	`status` text DEFAULT 'open' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`milestones` text DEFAULT '[]' NOT NULL,
	`created_by_application_id` text,
	`completed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `match_goals_tenant_match_idx` ON `match_goals` (`tenant_id`,`match_id`);--> statement-breakpoint
CREATE TABLE `match_relationships` (
	`tenant_id` text NOT NULL,
	`match_id` text NOT NULL,
	`mentor_acknowledged_at` integer,
	`mentee_acknowledged_at` integer,
	`meeting_url` text,
	`close_reason` text,
	`close_note` text,
	`closed_by` text,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `match_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `program_relationship_settings` (
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`surveys` text DEFAULT '{}' NOT NULL,
	`first_meeting_prompt` text DEFAULT '' NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `program_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reminder_deliveries` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`digest_key` text NOT NULL,
	`recipient_id` text NOT NULL,
	`recipient_role` text NOT NULL,
	`kind` text NOT NULL,
	`subject_type` text,
	`subject_id` text,
	`period` text,
	`reason` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'sending' NOT NULL,
	`claim_token` text NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`email` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	PRIMARY KEY(`tenant_id`, `key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reminder_deliveries_tenant_created_idx` ON `reminder_deliveries` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `reminder_deliveries_tenant_recipient_idx` ON `reminder_deliveries` (`tenant_id`,`recipient_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `reminder_preferences` (
	`tenant_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	`kind` text NOT NULL,
	`unsubscribed_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `recipient_id`, `kind`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `support_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`match_id` text NOT NULL,
	`user_id` text,
	`contacted_on` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `support_contacts_tenant_match_idx` ON `support_contacts` (`tenant_id`,`match_id`,`contacted_on`);--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`match_id` text NOT NULL,
	`application_id` text NOT NULL,
	`survey_key` text NOT NULL,
	`rating` integer,
	`answers` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_tenant_match_person_key_uq` ON `survey_responses` (`tenant_id`,`match_id`,`application_id`,`survey_key`);--> statement-breakpoint
CREATE INDEX `survey_responses_tenant_program_idx` ON `survey_responses` (`tenant_id`,`program_id`);--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `headers` text;--> statement-breakpoint
ALTER TABLE `failed_jobs` ADD `tenant_id` text;--> statement-breakpoint
CREATE INDEX `failed_jobs_tenant_failed_at_idx` ON `failed_jobs` (`tenant_id`,`failed_at`);