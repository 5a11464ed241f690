"""Service-linked roles AWS services create: role name and attached AWS managed policy.

Two sources, the first taking precedence:
- DOCUMENTED: each service's "Using service-linked roles" page in its AWS documentation, as
  linked from "AWS services that work with IAM";
- service_linked_roles_derived.json, built by scripts/build_service_linked_roles.py from AWS's
  own managed policy documents (the ARNs of the roles they let a service create; see the
  script for how the permissions policy is found).
Policy names are checked against the managed policy catalog (tests/test_service_linked_roles.py).
Services are keyed by their service principal, which AWS treats as case-sensitive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DERIVED_FILE = Path(__file__).with_name("service_linked_roles_derived.json")


@dataclass(frozen=True)
class ServiceLinkedRoleSpec:
    service: str  # service principal, the AWSServiceName parameter
    role_name: str
    policy_name: str | None  # AWS managed policy under /aws-service-role/ (None: not known)
    custom_suffix: bool = False  # whether the service accepts a CustomSuffix

    @property
    def path(self) -> str:
        return f"/aws-service-role/{self.service}/"

    @property
    def policy_arn(self) -> str | None:
        if self.policy_name is None:
            return None
        return f"arn:aws:iam::aws:policy/aws-service-role/{self.policy_name}"


_AAS = "application-autoscaling.amazonaws.com"
_AAS_ROLE = "AWSServiceRoleForApplicationAutoScaling_"

_TABLE = (
    ServiceLinkedRoleSpec("autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling",
                          "AutoScalingServiceRolePolicy", custom_suffix=True),
    ServiceLinkedRoleSpec("elasticbeanstalk.amazonaws.com", "AWSServiceRoleForElasticBeanstalk",
                          "AWSElasticBeanstalkServiceRolePolicy"),
    ServiceLinkedRoleSpec("managedupdates.elasticbeanstalk.amazonaws.com",
                          "AWSServiceRoleForElasticBeanstalkManagedUpdates",
                          "AWSElasticBeanstalkManagedUpdatesServiceRolePolicy"),
    ServiceLinkedRoleSpec("ecs.amazonaws.com", "AWSServiceRoleForECS",
                          "AmazonECSServiceRolePolicy"),
    ServiceLinkedRoleSpec("rds.amazonaws.com", "AWSServiceRoleForRDS",
                          "AmazonRDSServiceRolePolicy"),
    ServiceLinkedRoleSpec("elasticloadbalancing.amazonaws.com",
                          "AWSServiceRoleForElasticLoadBalancing",
                          "AWSElasticLoadBalancingServiceRolePolicy"),
    ServiceLinkedRoleSpec("organizations.amazonaws.com", "AWSServiceRoleForOrganizations",
                          "AWSOrganizationsServiceTrustPolicy"),
    ServiceLinkedRoleSpec("support.amazonaws.com", "AWSServiceRoleForSupport",
                          "AWSSupportServiceRolePolicy"),
    ServiceLinkedRoleSpec("trustedadvisor.amazonaws.com", "AWSServiceRoleForTrustedAdvisor",
                          "AWSTrustedAdvisorServiceRolePolicy"),
    ServiceLinkedRoleSpec("guardduty.amazonaws.com", "AWSServiceRoleForAmazonGuardDuty",
                          "AmazonGuardDutyServiceRolePolicy"),
    ServiceLinkedRoleSpec("config.amazonaws.com", "AWSServiceRoleForConfig",
                          "AWSConfigServiceRolePolicy"),
    ServiceLinkedRoleSpec("spot.amazonaws.com", "AWSServiceRoleForEC2Spot",
                          "AWSEC2SpotServiceRolePolicy"),
    ServiceLinkedRoleSpec("spotfleet.amazonaws.com", "AWSServiceRoleForEC2SpotFleet",
                          "AWSEC2SpotFleetServiceRolePolicy"),
    ServiceLinkedRoleSpec(f"ecs.{_AAS}", _AAS_ROLE + "ECSService",
                          "AWSApplicationAutoscalingECSServicePolicy"),
    ServiceLinkedRoleSpec(f"dynamodb.{_AAS}", _AAS_ROLE + "DynamoDBTable",
                          "AWSApplicationAutoscalingDynamoDBTablePolicy"),
    ServiceLinkedRoleSpec(f"rds.{_AAS}", _AAS_ROLE + "RDSCluster",
                          "AWSApplicationAutoscalingRDSClusterPolicy"),
    ServiceLinkedRoleSpec(f"ec2.{_AAS}", _AAS_ROLE + "EC2SpotFleetRequest",
                          "AWSApplicationAutoscalingEC2SpotFleetRequestPolicy"),
    ServiceLinkedRoleSpec(f"sagemaker.{_AAS}", _AAS_ROLE + "SageMakerEndpoint",
                          "AWSApplicationAutoscalingSageMakerEndpointPolicy"),
    ServiceLinkedRoleSpec(f"custom-resource.{_AAS}", _AAS_ROLE + "CustomResource",
                          "AWSApplicationAutoScalingCustomResourcePolicy"),
    ServiceLinkedRoleSpec("elasticache.amazonaws.com", "AWSServiceRoleForElastiCache",
                          "ElastiCacheServiceRolePolicy"),
    ServiceLinkedRoleSpec("es.amazonaws.com", "AWSServiceRoleForAmazonElasticsearchService",
                          "AmazonElasticsearchServiceRolePolicy"),
    ServiceLinkedRoleSpec("opensearchservice.amazonaws.com",
                          "AWSServiceRoleForAmazonOpenSearchService",
                          "AmazonOpenSearchServiceRolePolicy"),
    ServiceLinkedRoleSpec("eks.amazonaws.com", "AWSServiceRoleForAmazonEKS",
                          "AmazonEKSServiceRolePolicy"),
    ServiceLinkedRoleSpec("eks-nodegroup.amazonaws.com", "AWSServiceRoleForAmazonEKSNodegroup",
                          "AWSServiceRoleForAmazonEKSNodegroup"),
    ServiceLinkedRoleSpec("securityhub.amazonaws.com", "AWSServiceRoleForSecurityHub",
                          "AWSSecurityHubServiceRolePolicy"),
    ServiceLinkedRoleSpec("inspector.amazonaws.com", "AWSServiceRoleForAmazonInspector",
                          "AmazonInspectorServiceRolePolicy"),
    ServiceLinkedRoleSpec("inspector2.amazonaws.com", "AWSServiceRoleForAmazonInspector2",
                          "AmazonInspector2ServiceRolePolicy"),
    ServiceLinkedRoleSpec("cloudtrail.amazonaws.com", "AWSServiceRoleForCloudTrail",
                          "CloudTrailServiceRolePolicy"),
    ServiceLinkedRoleSpec("ssm.amazonaws.com", "AWSServiceRoleForAmazonSSM",
                          "AmazonSSMServiceRolePolicy"),
    ServiceLinkedRoleSpec("redshift.amazonaws.com", "AWSServiceRoleForRedshift",
                          "AmazonRedshiftServiceLinkedRolePolicy"),
    ServiceLinkedRoleSpec("elasticmapreduce.amazonaws.com", "AWSServiceRoleForEMRCleanup",
                          "AmazonEMRCleanupPolicy"),
    ServiceLinkedRoleSpec("replicator.lambda.amazonaws.com", "AWSServiceRoleForLambdaReplicator",
                          "AWSLambdaReplicator"),
    ServiceLinkedRoleSpec("access-analyzer.amazonaws.com", "AWSServiceRoleForAccessAnalyzer",
                          "AccessAnalyzerServiceRolePolicy"),
    ServiceLinkedRoleSpec("macie.amazonaws.com", "AWSServiceRoleForAmazonMacie",
                          "AmazonMacieServiceRolePolicy"),
    ServiceLinkedRoleSpec("sso.amazonaws.com", "AWSServiceRoleForSSO",
                          "AWSSSOServiceRolePolicy"),
    ServiceLinkedRoleSpec("transitgateway.amazonaws.com", "AWSServiceRoleForVPCTransitGateway",
                          "AWSVPCTransitGatewayServiceRolePolicy"),
    ServiceLinkedRoleSpec("backup.amazonaws.com", "AWSServiceRoleForBackup",
                          "AWSBackupServiceLinkedRolePolicyForBackup"),
    ServiceLinkedRoleSpec("compute-optimizer.amazonaws.com", "AWSServiceRoleForComputeOptimizer",
                          "ComputeOptimizerServiceRolePolicy"),
    ServiceLinkedRoleSpec("fsx.amazonaws.com", "AWSServiceRoleForAmazonFSx",
                          "AmazonFSxServiceRolePolicy"),
    ServiceLinkedRoleSpec("elasticfilesystem.amazonaws.com",
                          "AWSServiceRoleForAmazonElasticFileSystem",
                          "AmazonElasticFileSystemServiceRolePolicy"),
    ServiceLinkedRoleSpec("kafka.amazonaws.com", "AWSServiceRoleForKafka",
                          "KafkaServiceRolePolicy"),
    ServiceLinkedRoleSpec("ops.apigateway.amazonaws.com", "AWSServiceRoleForAPIGateway",
                          "APIGatewayServiceRolePolicy"),
    ServiceLinkedRoleSpec("globalaccelerator.amazonaws.com", "AWSServiceRoleForGlobalAccelerator",
                          "AWSGlobalAcceleratorSLRPolicy"),
    # AmazonLexBotPolicy: named by AWS's AmazonLexFullAccess (iam:PolicyArn condition on this
    # role) and attached in real accounts; the npm catalog only has the older LexBotPolicy.
    ServiceLinkedRoleSpec("lex.amazonaws.com", "AWSServiceRoleForLexBots", "AmazonLexBotPolicy"),
    ServiceLinkedRoleSpec("lexv2.amazonaws.com", "AWSServiceRoleForLexV2Bots",
                          "AmazonLexV2BotPolicy", custom_suffix=True),
    ServiceLinkedRoleSpec("events.amazonaws.com", "AWSServiceRoleForCloudWatchEvents",
                          "CloudWatchEventsServiceRolePolicy"),
    ServiceLinkedRoleSpec("delivery.logs.amazonaws.com", "AWSServiceRoleForLogDelivery",
                          "AWSServiceRoleForLogDeliveryPolicy"),
    ServiceLinkedRoleSpec("dax.amazonaws.com", "AWSServiceRoleForDAX", "DAXServiceRolePolicy"),
    ServiceLinkedRoleSpec("servicequotas.amazonaws.com", "AWSServiceRoleForServiceQuotas",
                          "ServiceQuotasServiceRolePolicy"),
    ServiceLinkedRoleSpec("cloud9.amazonaws.com", "AWSServiceRoleForAWSCloud9",
                          "AWSCloud9ServiceRolePolicy"),
    ServiceLinkedRoleSpec("detective.amazonaws.com", "AWSServiceRoleForDetective",
                          "AmazonDetectiveServiceLinkedRolePolicy"),
    ServiceLinkedRoleSpec("emr-containers.amazonaws.com", "AWSServiceRoleForAmazonEMRContainers",
                          "AmazonEMRContainersServiceRolePolicy"),
)

DOCUMENTED = _TABLE


def _derived() -> list[ServiceLinkedRoleSpec]:
    if not DERIVED_FILE.exists():  # pragma: no cover - built without the derived file
        return []
    roles = json.loads(DERIVED_FILE.read_text(encoding="utf-8"))["roles"]
    return [ServiceLinkedRoleSpec(svc, r["role_name"], r["policy_name"], r["custom_suffix"])
            for svc, r in roles.items()]


SERVICE_LINKED_ROLES: dict[str, ServiceLinkedRoleSpec] = {
    **{s.service: s for s in _derived()},
    **{s.service: s for s in _TABLE},
}


def spec_for(service: str) -> ServiceLinkedRoleSpec | None:
    return SERVICE_LINKED_ROLES.get(service)
