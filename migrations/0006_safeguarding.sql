CREATE TABLE `incident_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`match_id` text,
	`occurred_on` text NOT NULL,
	`description` text NOT NULL,
	`actions_taken` text DEFAULT '' NOT NULL,
	`follow_up` text DEFAULT '' NOT NULL,
	`follow_up_on` text,
	`status` text DEFAULT 'open' NOT NULL,
	`reported_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `incident_reports_tenant_program_idx` ON `incident_reports` (`tenant_id`,`program_id`,`occurred_on`);--> statement-breakpoint
CREATE TABLE `mentor_references` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`application_id` text NOT NULL,
	`name` text NOT NULL,
	`contact` text NOT NULL,
	`relationship` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`token_hash` text,
	`requested_at` integer,
	`response` text,
	`received_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mentor_references_token_hash_unique` ON `mentor_references` (`token_hash`);--> statement-breakpoint
CREATE INDEX `mentor_references_tenant_application_idx` ON `mentor_references` (`tenant_id`,`application_id`);--> statement-breakpoint
CREATE TABLE `mentor_screenings` (
	`tenant_id` text NOT NULL,
	`application_id` text NOT NULL,
	`program_id` text NOT NULL,
	`application_reviewed_at` integer,
	`application_reviewed_by` text,
	`interview_on` text,
	`interviewer` text,
	`interview_notes` text DEFAULT '' NOT NULL,
	`background_check_provider` text,
	`background_check_requested_on` text,
	`background_check_cleared_on` text,
	`background_check_status` text,
	`background_check_expires_on` text,
	`code_of_conduct_text` text,
	`code_of_conduct_signature` text,
	`code_of_conduct_signed_at` integer,
	`code_of_conduct_ip` text,
	`commitment_months` integer,
	`commitment_accepted_at` integer,
	`expiry_notified_on` text,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `application_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mentor_screenings_tenant_program_idx` ON `mentor_screenings` (`tenant_id`,`program_id`);--> statement-breakpoint
CREATE TABLE `program_safeguarding` (
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`screening_required` integer DEFAULT false NOT NULL,
	`screening_steps` text DEFAULT '[]' NOT NULL,
	`references_required` integer DEFAULT 2 NOT NULL,
	`background_check_valid_months` integer DEFAULT 24 NOT NULL,
	`commitment_months` integer DEFAULT 12 NOT NULL,
	`code_of_conduct` text DEFAULT '' NOT NULL,
	`training_required` integer DEFAULT false NOT NULL,
	`min_training_minutes` integer DEFAULT 0 NOT NULL,
	`training_due_on` text,
	`mentor_sees` text DEFAULT 'name_only' NOT NULL,
	`mentee_sees` text DEFAULT 'name_only' NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `program_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `training_modules` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`content` text DEFAULT '' NOT NULL,
	`duration_minutes` integer NOT NULL,
	`quiz` text,
	`required` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `training_modules_tenant_program_idx` ON `training_modules` (`tenant_id`,`program_id`,`position`);--> statement-breakpoint
CREATE TABLE `training_progress` (
	`tenant_id` text NOT NULL,
	`application_id` text NOT NULL,
	`module_id` text NOT NULL,
	`program_id` text NOT NULL,
	`started_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	`best_score` integer,
	`quiz_passed_at` integer,
	`attended_in_person_on` text,
	`attended_marked_by` text,
	PRIMARY KEY(`tenant_id`, `application_id`, `module_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`module_id`) REFERENCES `training_modules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `training_progress_tenant_program_idx` ON `training_progress` (`tenant_id`,`program_id`);--> statement-breakpoint
CREATE TABLE `training_quiz_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`application_id` text NOT NULL,
	`module_id` text NOT NULL,
	`score` integer NOT NULL,
	`passed` integer NOT NULL,
	`answers` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`module_id`) REFERENCES `training_modules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `training_quiz_attempts_tenant_application_idx` ON `training_quiz_attempts` (`tenant_id`,`application_id`,`module_id`);--> statement-breakpoint
ALTER TABLE `applications` ADD `guardian_token_hash` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `guardian_consent_withdrawn_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `applications_guardian_token_hash_unique` ON `applications` (`guardian_token_hash`);--> statement-breakpoint
ALTER TABLE `match_relationships` ADD `closure_conversation_on` text;--> statement-breakpoint
ALTER TABLE `match_relationships` ADD `closure_conversation_note` text;--> statement-breakpoint
ALTER TABLE `match_relationships` ADD `mentor_next_step` text;--> statement-breakpoint
ALTER TABLE `match_relationships` ADD `mentee_next_step` text;--> statement-breakpoint
ALTER TABLE `matches` ADD `paused_at` integer;--> statement-breakpoint
ALTER TABLE `matches` ADD `pause_reason` text;--> statement-breakpoint
ALTER TABLE `support_contacts` ADD `parties` text DEFAULT '[]' NOT NULL;