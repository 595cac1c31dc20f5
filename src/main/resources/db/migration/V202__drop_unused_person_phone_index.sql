-- No query looks a person up by the hash of their phone number (sign-up and SMS codes look up account_phone and
-- sms_code, which keep their own indexes), so the index on person.phone_hash only cost every insert: a random
-- B-tree insertion of a 64-character key. Without it the first import of a million residents went from 59.5 s
-- to 50.6 s on the district (docs/benchmarks.md, 2026-12-06, seventh session). A look-up by phone, when one is
-- built, brings its own index (on PostgreSQL a hash index: the key is an HMAC, only ever compared for equality).
drop index if exists person_phone_hash_ix;
