-- varchar without a length is text by another name.
CREATE TABLE app.users (email text NOT NULL CHECK (char_length(email) <= 320), name varchar);
