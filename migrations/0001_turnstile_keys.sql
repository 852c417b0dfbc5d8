ALTER TABLE `tenants` ADD `turnstile_site_key` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `turnstile_secret_key` text;