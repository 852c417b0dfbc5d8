CREATE TABLE `academic_records` (
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`student_id` text NOT NULL,
	`term` text NOT NULL,
	`gpa` real,
	`enrolled_next_term` integer,
	`graduated` integer,
	`application_id` text,
	`imported_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `program_id`, `student_id`, `term`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `academic_records_tenant_program_term_idx` ON `academic_records` (`tenant_id`,`program_id`,`term`);--> statement-breakpoint
CREATE TABLE `program_health_snapshots` (
	`tenant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`day` text NOT NULL,
	`on_track` integer NOT NULL,
	`needs_attention` integer NOT NULL,
	`at_risk` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `program_id`, `day`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade
);
