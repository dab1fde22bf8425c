CREATE TABLE replication_job (id int PRIMARY KEY, policy_id int, status text);
CREATE INDEX policy ON replication_job (policy_id);
CREATE INDEX poid_status ON replication_job (policy_id, status);
CREATE TABLE "Subscription" ("id" TEXT NOT NULL, "planId" TEXT NOT NULL,
    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "Subscription_planId_key" ON "Subscription"("planId");
CREATE TABLE app.events (id int UNIQUE);
