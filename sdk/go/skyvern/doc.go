// Manage Skyvern credentials (passwords with TOTP, credit cards, secrets) and credential folders as code.
package skyvern
