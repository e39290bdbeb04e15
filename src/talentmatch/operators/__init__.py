"""The operator's back office: users, companies and the e-mail outbox."""
