-- ZkSummarize's schema for Orleans' ADO.NET providers on PostgreSQL (15 or newer): clustering
-- (membership) and grain persistence. Orleans reads its queries by key from OrleansQuery and talks to
-- them through a fixed contract of parameter names (@DeploymentId, @GrainStateVersion, ...) and result
-- column names (docs/cluster.md). The tables behind that contract are ours: each query is a single
-- statement, and the version checks that make membership and grain state safe under concurrency are
-- done with row locks and conditional writes in that one statement. Applied by `zks cluster setup-db`;
-- safe to apply again (it replaces the queries and creates only what is missing).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- Membership: one version row per cluster (deployment), bumped by every change, and one row per silo.
CREATE TABLE IF NOT EXISTS zks_membership_version
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS zks_silos
(
    deployment_id   varchar(150)  NOT NULL REFERENCES zks_membership_version (deployment_id),
    address         varchar(45)   NOT NULL,
    port            integer       NOT NULL,
    generation      integer       NOT NULL,
    silo_name       varchar(150)  NOT NULL,
    host_name       varchar(150)  NOT NULL,
    status          integer       NOT NULL,
    proxy_port      integer,
    suspect_times   varchar(8000),
    start_time      timestamptz   NOT NULL,
    i_am_alive_time timestamptz   NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Grain state: the key is the grain (type and id) within a service; version is the ETag.
CREATE TABLE IF NOT EXISTS zks_grain_state
(
    service_id         varchar(150) NOT NULL,
    grain_type         varchar(512) NOT NULL,
    grain_type_hash    integer      NOT NULL,
    grain_id_hash      integer      NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_id_extension varchar(512),
    payload            bytea,
    version            integer      NOT NULL,
    modified_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT zks_grain_state_key UNIQUE NULLS NOT DISTINCT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- The queries, by the keys Orleans looks up.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO zks_membership_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM created;
$q$),
-- A new silo row, only if the cluster's version is still the one the silo read. The version row is
-- locked first, so two silos joining at once cannot both succeed on the same version.
('InsertMembershipKey', $q$
    WITH expected AS (
        SELECT deployment_id FROM zks_membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version
        FOR UPDATE
    ), joined AS (
        INSERT INTO zks_silos (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
        SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM expected
        ON CONFLICT DO NOTHING
        RETURNING deployment_id
    ), bumped AS (
        UPDATE zks_membership_version v SET version = v.version + 1, updated_at = now()
        FROM joined WHERE v.deployment_id = joined.deployment_id
        RETURNING 1
    )
    SELECT count(*)::integer FROM bumped;
$q$),
-- A silo's status and suspicions, under the same version rule.
('UpdateMembershipKey', $q$
    WITH expected AS (
        SELECT deployment_id FROM zks_membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version
        FOR UPDATE
    ), changed AS (
        UPDATE zks_silos s SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
        FROM expected
        WHERE s.deployment_id = expected.deployment_id AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
        RETURNING s.deployment_id
    ), bumped AS (
        UPDATE zks_membership_version v SET version = v.version + 1, updated_at = now()
        FROM changed WHERE v.deployment_id = changed.deployment_id
        RETURNING 1
    )
    SELECT count(*)::integer FROM bumped;
$q$),
-- A heartbeat: not versioned, never expected to fail.
('UpdateIAmAlivetimeKey', $q$
    UPDATE zks_silos SET i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),
-- The version row always comes back, with the silo's row when it exists.
('MembershipReadRowKey', $q$
    SELECT v.deployment_id AS DeploymentId, s.address AS Address, s.port AS Port, s.generation AS Generation,
           s.silo_name AS SiloName, s.host_name AS HostName, s.status AS Status, s.proxy_port AS ProxyPort,
           s.suspect_times AS SuspectTimes, s.start_time AS StartTime, s.i_am_alive_time AS IAmAliveTime, v.version AS Version
    FROM zks_membership_version v
    LEFT JOIN zks_silos s ON s.deployment_id = v.deployment_id AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
    WHERE v.deployment_id = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.deployment_id AS DeploymentId, s.address AS Address, s.port AS Port, s.generation AS Generation,
           s.silo_name AS SiloName, s.host_name AS HostName, s.status AS Status, s.proxy_port AS ProxyPort,
           s.suspect_times AS SuspectTimes, s.start_time AS StartTime, s.i_am_alive_time AS IAmAliveTime, v.version AS Version
    FROM zks_membership_version v
    LEFT JOIN zks_silos s ON s.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM zks_silos WHERE deployment_id = @DeploymentId;
    DELETE FROM zks_membership_version WHERE deployment_id = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM zks_silos
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),
-- Rows of silos that stopped sending heartbeats before the given time and are not active (3 = Active).
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM zks_silos WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
$q$),
-- Grain state. The first write (no ETag) inserts version 1 unless another activation got there first;
-- later writes update only if the stored version is the ETag. Anything else returns NULL, which Orleans
-- reports as an InconsistentStateException.
('WriteToStorageKey', $q$
    WITH created AS (
        INSERT INTO zks_grain_state (service_id, grain_type, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
        SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT ON CONSTRAINT zks_grain_state_key DO NOTHING
        RETURNING version
    ), changed AS (
        UPDATE zks_grain_state SET payload = @PayloadBinary, version = version + 1, modified_at = now()
        WHERE @GrainStateVersion::integer IS NOT NULL AND version = @GrainStateVersion
          AND service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
        RETURNING version
    )
    SELECT COALESCE((SELECT version FROM created), (SELECT version FROM changed)) AS NewGrainStateVersion;
$q$),
('ReadFromStorageKey', $q$
    SELECT payload AS PayloadBinary, version AS Version
    FROM zks_grain_state
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_type_hash = @GrainTypeHash
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
('ClearStorageKey', $q$
    UPDATE zks_grain_state SET payload = NULL, version = version + 1, modified_at = now()
    WHERE version = @GrainStateVersion AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
      AND service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version AS NewGrainStateVersion;
$q$),
('DeleteStorageKey', $q$
    DELETE FROM zks_grain_state
    WHERE version = @GrainStateVersion AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
      AND service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version + 1 AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
