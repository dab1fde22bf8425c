ALTER TABLE app.measurements DETACH PARTITION app.measurements_2020;
