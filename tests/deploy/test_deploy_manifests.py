"""The deployment manifests, checked offline (nothing here can run them): docker-compose.yml
against the Compose specification, every Kubernetes overlay against the Kubernetes schemas,
and the custom resources (KEDA, Strimzi) field by field."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from leveler.config import Settings as LevelerSettings
from leveling_common.events import TOPIC_CATALOGUE, TOPIC_DECISIONS, TOPIC_REQUISITIONS
from notifier.config import Settings as NotifierSettings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
K8S_VERSION = "1.32.0"
SERVICES = ("catalogue", "leveler", "notifier")
TOPICS = (TOPIC_REQUISITIONS, TOPIC_DECISIONS, TOPIC_CATALOGUE)
CUSTOM_KINDS = {"ScaledObject", "Kafka", "KafkaNodePool", "KafkaTopic"}
WORKLOADS = {"catalogue", "leveler-serve", "leveler-work", "notifier-serve", "notifier-work"}
APIS = {"catalogue", "leveler-serve", "notifier-serve"}

Manifest = dict[str, Any]


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=50, check=False
    )


def of_kind(manifests: list[Manifest], kind: str) -> dict[str, Manifest]:
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def pod_specs(manifests: list[Manifest]) -> dict[str, Manifest]:
    workloads = {**of_kind(manifests, "Deployment"), **of_kind(manifests, "Job")}
    return {name: w["spec"]["template"]["spec"] for name, w in workloads.items()}


# ---- docker-compose.yml -----------------------------------------------------------------


def test_compose_file_matches_the_compose_specification():
    result = run(
        BIN / "check-jsonschema",
        "--builtin-schema",
        "vendor.compose-spec",
        ROOT / "docker-compose.yml",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_validation_rejects_a_misspelt_key(tmp_path):
    broken = tmp_path / "docker-compose.yml"
    text = (ROOT / "docker-compose.yml").read_text()
    broken.write_text(text.replace("depends_on:", "depend_on:", 1))
    result = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", broken)
    assert result.returncode != 0
    assert "depend_on" in result.stdout


def _app_services(compose: Manifest) -> dict[str, Manifest]:
    return {
        name: service
        for name, service in compose["services"].items()
        if str(service.get("image", "")).startswith("requisition-leveling/")
    }


def test_compose_services_read_only_the_variables_the_readme_documents(compose, readme_variables):
    for name, service in _app_services(compose).items():
        environment = service["environment"]
        assert set(environment) <= readme_variables, name
        assert environment["LEVELING_ENV"] == "production", name


def test_compose_runs_each_service_after_its_migration_completed(compose):
    services = _app_services(compose)
    for name, service in services.items():
        image = service["image"].split("/")[1].split(":")[0]
        command = service["command"]
        if command == ["migrate"]:
            assert name == f"{image}-migrate"
            continue
        waits = service["depends_on"]
        assert waits[f"{image}-migrate"]["condition"] == "service_completed_successfully", name
    assert services["catalogue-seed"]["command"] == ["seed"]
    assert {s["command"][0] for s in services.values()} == {
        "migrate",
        "seed",
        "all",
        "serve",
        "work",
    }
    assert {
        f"{svc}-{role}" for svc in ("leveler", "notifier") for role in ("serve", "work")
    } <= set(services)


def test_compose_creates_every_topic_and_its_dead_letter_topic_with_six_partitions(compose):
    init = compose["services"]["kafka-init"]
    assert set(init["environment"]["TOPICS"].split()) == set(TOPICS)
    assert init["environment"]["PARTITIONS"] == "6"
    script = (ROOT / "deploy" / "compose" / "create-topics.sh").read_text()
    assert '"$topic.dlq"' in script
    for name, service in _app_services(compose).items():
        assert service["environment"]["KAFKA_TOPIC_PARTITIONS"] == "6"
        if service["command"][0] in {"all", "serve", "work"}:
            assert service["depends_on"]["kafka-init"] == {
                "condition": "service_completed_successfully"
            }, name


def test_compose_takes_every_secret_from_the_env_file(compose):
    secret = re.compile(r"TOKEN|SECRET|API_KEY|PASSWORD|DATABASE_URL")
    example = (ROOT / ".env.example").read_text()
    for name, service in compose["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if secret.search(key):
                assert "${" in str(value), f"{name}: {key} has a literal value"
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", (ROOT / "docker-compose.yml").read_text()))
    assert required
    undocumented = {name for name in required if not re.search(rf"^{name}=", example, re.M)}
    assert not undocumented
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()


def test_compose_mounts_files_that_exist_and_checks_health(compose):
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name}: {source}"
        if service.get("command") in (["serve"], ["all"]):
            assert "/readyz" in " ".join(service["healthcheck"]["test"]), name
    for name in ("kafka", "postgres", "mailpit", "prometheus", "grafana"):
        assert compose["services"][name]["healthcheck"]["test"], name
    init = (ROOT / "deploy" / "compose" / "postgres-init.sh").read_text()
    assert all(f"create_service_database {svc} " in init for svc in SERVICES)


# ---- Kubernetes --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["staging", "production"])
def test_overlay_passes_strict_kubernetes_schema_validation(rendered, name):
    result = run(
        BIN / "kubernetes-validate", "--strict", "-k", K8S_VERSION, "--quiet", rendered[name]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # An unknown kind only warns: make sure each warning is about one of our custom resources.
    warned = set(re.findall(r"schema for kind (\w+)", result.stdout + result.stderr))
    assert warned == CUSTOM_KINDS


def test_kubernetes_validation_rejects_an_unknown_field(tmp_path):
    manifest = tmp_path / "broken.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n"
        "spec: {ports: [{port: 80}], selectr: {app: x}}\n"
    )
    result = run(BIN / "kubernetes-validate", "--strict", "-k", K8S_VERSION, manifest)
    assert result.returncode != 0


def test_overlay_runs_every_process_and_its_migrations(overlay):
    deployments = of_kind(overlay, "Deployment")
    assert set(deployments) == WORKLOADS
    for name, deployment in deployments.items():
        args = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
        assert args == (["all"] if name == "catalogue" else [name.split("-")[1]])
    jobs = of_kind(overlay, "Job")
    assert set(jobs) == {f"{svc}-migrate" for svc in SERVICES}
    assert all(
        j["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"] for j in jobs.values()
    )
    services = of_kind(overlay, "Service")
    assert set(services) == set(SERVICES)
    for name, service in services.items():
        pods = deployments[name if name == "catalogue" else f"{name}-serve"]
        assert (
            service["spec"]["selector"].items()
            <= pods["spec"]["template"]["metadata"]["labels"].items()
        )


def test_every_pod_is_non_root_read_only_capability_free_and_bounded(overlay):
    for name, spec in pod_specs(overlay).items():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["enableServiceLinks"] is False, name
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= container["resources"]["requests"].keys(), name
            assert {"cpu", "memory"} <= container["resources"]["limits"].keys(), name


def test_api_pods_probe_liveness_on_healthz_and_readiness_on_readyz(overlay):
    specs = pod_specs(overlay)
    for name in APIS:
        container = specs[name]["containers"][0]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz", name
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", name


def test_workers_serve_probes_and_metrics_on_the_port_their_settings_name(overlay):
    config = next(iter(of_kind(overlay, "ConfigMap").values()))["data"]
    deployments = of_kind(overlay, "Deployment")
    for name in ("leveler-work", "notifier-work"):
        template = deployments[name]["spec"]["template"]
        container = template["spec"]["containers"][0]
        port = config[f"{name.split('-')[0].upper()}_WORK_PORT"]
        assert container["ports"] == [{"name": "ops", "containerPort": int(port)}], name
        assert template["metadata"]["annotations"]["prometheus.io/port"] == port, name
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            assert container[probe]["httpGet"] == {"path": path, "port": "ops"}, name
    opened = of_kind(overlay, "NetworkPolicy")["allow-worker-ops-ingress"]["spec"]
    assert opened["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "worker"
    assert opened["ingress"][0]["ports"][0]["port"] == "ops"


def test_secrets_are_referenced_and_never_committed(overlay):
    assert not of_kind(overlay, "Secret")
    example = list(yaml.safe_load_all((ROOT / "deploy/k8s/base/secret.example.yaml").read_text()))
    documented = {(s["metadata"]["name"], key) for s in example for key in s["stringData"]}
    for spec in pod_specs(overlay).values():
        for variable in spec["containers"][0].get("env", []):
            ref = variable["valueFrom"]["secretKeyRef"]
            assert (ref["name"], ref["key"]) in documented, variable["name"]
    for kustomization in (ROOT / "deploy" / "k8s").rglob("kustomization.yaml"):
        assert "secret.example.yaml" not in yaml.safe_load(kustomization.read_text()).get(
            "resources", []
        )


def test_pods_read_only_variables_the_services_define(
    overlay, readme_variables, settings_variables
):
    config = next(iter(of_kind(overlay, "ConfigMap").values()))
    names = set(config["data"])
    for spec in pod_specs(overlay).values():
        names |= {variable["name"] for variable in spec["containers"][0].get("env", [])}
    assert names <= readme_variables | settings_variables
    assert config["data"]["LEVELING_ENV"] == "production"


def test_apis_scale_on_cpu_and_consumers_on_their_group_lag(overlay):
    hpas = of_kind(overlay, "HorizontalPodAutoscaler")
    assert {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()} == APIS
    partitions = {
        t["spec"]["topicName"]: t["spec"]["partitions"]
        for t in of_kind(overlay, "KafkaTopic").values()
    }
    groups = {
        "leveler-work": LevelerSettings.model_fields["consumer_group"].default,
        "notifier-work": NotifierSettings.model_fields["consumer_group"].default,
    }
    scaled = of_kind(overlay, "ScaledObject")
    assert {s["spec"]["scaleTargetRef"]["name"] for s in scaled.values()} == set(groups)
    for scaled_object in scaled.values():
        spec = scaled_object["spec"]
        (trigger,) = spec["triggers"]
        metadata = trigger["metadata"]
        assert trigger["type"] == "kafka"
        assert metadata["consumerGroup"] == groups[spec["scaleTargetRef"]["name"]]
        assert int(metadata["lagThreshold"]) > 0
        # The CRD types every trigger metadata value as a string.
        assert all(isinstance(value, str) for value in metadata.values())
        assert spec["maxReplicaCount"] <= partitions[metadata["topic"]]


def test_every_process_has_a_disruption_budget(overlay):
    budgets = of_kind(overlay, "PodDisruptionBudget").values()
    for name, deployment in of_kind(overlay, "Deployment").items():
        labels = deployment["spec"]["template"]["metadata"]["labels"].items()
        assert any(b["spec"]["selector"]["matchLabels"].items() <= labels for b in budgets), name


def test_network_policies_deny_by_default_and_open_only_the_needed_ports(overlay):
    policies = of_kind(overlay, "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny
    assert "egress" not in deny
    egress_ports = {
        port["port"]
        for policy in policies.values()
        for rule in policy["spec"].get("egress", [])
        for port in rule["ports"]
    }
    # DNS, Kafka, PostgreSQL, the catalogue, the ATS over HTTPS, SMTP submission.
    assert {53, 9092, 5432, 8001, 443, 587} <= egress_ports
    assert policies["allow-api-ingress"]["spec"]["ingress"][0]["ports"][0]["port"] == "http"


def test_strimzi_component_declares_a_kraft_cluster_and_every_topic(overlay):
    (kafka,) = of_kind(overlay, "Kafka").values()
    (pool,) = of_kind(overlay, "KafkaNodePool").values()
    cluster = kafka["metadata"]["name"]
    assert pool["metadata"]["labels"]["strimzi.io/cluster"] == cluster
    assert set(pool["spec"]["roles"]) == {"controller", "broker"}
    topics = of_kind(overlay, "KafkaTopic").values()
    assert {t["spec"]["topicName"] for t in topics} == {
        name for topic in TOPICS for name in (topic, f"{topic}.dlq")
    }
    assert all(t["metadata"]["labels"]["strimzi.io/cluster"] == cluster for t in topics)
    by_name = {t["spec"]["topicName"]: t["spec"] for t in topics}
    assert by_name[TOPIC_REQUISITIONS]["partitions"] == by_name[TOPIC_DECISIONS]["partitions"] == 12
    # docs/operations.md applies Kafka, then config and migrations, by these labels.
    kafka_resources = [m for m in overlay if m["kind"] in CUSTOM_KINDS - {"ScaledObject"}]
    assert {m["metadata"]["labels"]["app.kubernetes.io/component"] for m in kafka_resources} == {
        "kafka"
    }
    bootstrap = f"{cluster}-kafka-bootstrap:9092"
    config = next(iter(of_kind(overlay, "ConfigMap").values()))
    assert config["metadata"]["labels"]["app.kubernetes.io/component"] == "config"
    assert config["data"]["KAFKA_BOOTSTRAP_SERVERS"] == bootstrap
    for scaled in of_kind(overlay, "ScaledObject").values():
        assert scaled["spec"]["triggers"][0]["metadata"]["bootstrapServers"] == bootstrap


def test_base_renders_without_kafka_for_clusters_with_a_managed_one():
    base = [
        doc
        for doc in yaml.safe_load_all(run("kubectl", "kustomize", ROOT / "deploy/k8s/base").stdout)
        if doc
    ]
    kinds = {doc["kind"] for doc in base}
    assert {"Deployment", "Job", "ScaledObject"} <= kinds
    assert not kinds & {"Kafka", "KafkaNodePool", "KafkaTopic"}
