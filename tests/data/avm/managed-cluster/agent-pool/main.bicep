metadata name = 'Azure Kubernetes Service (AKS) Managed Cluster Agent Pools'
metadata description = 'This module deploys an Azure Kubernetes Service (AKS) Managed Cluster Agent Pool.'

@description('Optional. Enable/Disable usage telemetry for module.')
param enableTelemetry bool = true

@description('Conditional. The name of the parent managed cluster. Required if the template is used in a standalone deployment.')
param managedClusterName string

@description('Required. Name of the agent pool.')
param name string

@description('Optional. The list of Availability zones to use for nodes. This can only be specified if the AgentPoolType property is "VirtualMachineScaleSets".')
param availabilityZones int[] = [1, 2, 3]

@description('Optional. Desired Number of agents (VMs) specified to host docker containers. Allowed values must be in the range of 0 to 1000 (inclusive) for user pools and in the range of 1 to 1000 (inclusive) for system pools. The default value is 1.')
@minValue(0)
@maxValue(1000)
param count int = 1

@description('Optional. AKS will associate the specified agent pool with the Capacity Reservation Group.')
param capacityReservationGroupResourceId string?

@description('Optional. This is the ARM ID of the source object to be used to create the target object.')
param sourceResourceId string?

@description('Optional. Whether to enable auto-scaler.')
param enableAutoScaling bool = false

@description('Optional. This is only supported on certain VM sizes and in certain Azure regions. For more information, see: /azure/aks/enable-host-encryption. For security reasons, this setting should be enabled.')
param enableEncryptionAtHost bool = false

@description('Optional. See Add a FIPS-enabled node pool (https://learn.microsoft.com/en-us/azure/aks/use-multiple-node-pools#add-a-fips-enabled-node-pool-preview) for more details.')
param enableFIPS bool = false

@description('Optional. Some scenarios may require nodes in a node pool to receive their own dedicated public IP addresses. A common scenario is for gaming workloads, where a console needs to make a direct connection to a cloud virtual machine to minimize hops. For more information see assigning a public IP per node (https://learn.microsoft.com/en-us/azure/aks/use-multiple-node-pools#assign-a-public-ip-per-node-for-your-node-pools).')
param enableNodePublicIP bool = false

@description('Optional. Whether to enable UltraSSD.')
param enableUltraSSD bool = false

@description('Optional. Profile specific to a managed agent pool in Gateway mode. Ignored if agent pool mode is not Gateway.')
param gatewayProfile resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.gatewayProfile?

@description('Optional. GPUInstanceProfile to be used to specify GPU MIG instance profile for supported GPU VM SKU.')
param gpuInstanceProfile resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.gpuInstanceProfile?

@description('Optional. GPU settings.')
param gpuProfile resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.gpuProfile?

@description('Optional. This is of the form /subscriptions/{subscriptionId}/resourcegroups/{resourcegroupname}/providers/microsoft.compute/hostgroups/{hostgroupname}. For more information see [Azure Dedicated Hosts](https://learn.microsoft.com/azure/virtual-machines/dedicated-hosts).')
param hostGroupResourceId string?

@description('Optional. Kubelet configuration on agent pool nodes.')
param kubeletConfig resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.kubeletConfig?

@description('Optional. Determines the placement of emptyDir volumes, container runtime data root, and Kubelet ephemeral storage.')
param kubeletDiskType resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.kubeletDiskType?

@description('Optional. Linux OS configuration.')
param linuxOSConfig resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.linuxOSConfig?

@description('Optional. Local DNS configuration.')
param localDNSProfile resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.localDNSProfile?

@description('Optional. A message of the day will be a multi-line message that is prepended to the command prompt and the SSH login message. You can use escape characters like \\n for new line.')
param messageOfTheDay string?

@description('Optional. The maximum number of nodes for auto-scaling.')
param maxCount int?

@description('Optional. The maximum number of pods that can run on a node.')
param maxPods int?

@description('Optional. The minimum number of nodes for auto-scaling.')
param minCount int?

@description('Optional. A cluster must have at least one "System" Agent Pool at all times. For additional information on agent pool restrictions and best practices, see: /azure/aks/use-system-pools.')
param mode resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.mode?

@description('Optional. Network profile to be used for agent pool nodes.')
param networkProfile resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.networkProfile?

@description('Optional. The node labels to be persisted across all nodes in agent pool.')
param nodeLabels resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.nodeLabels?

@description('Optional. ResourceId of the node PublicIPPrefix.')
param nodePublicIpPrefixResourceId string?

@description('Optional. The taints added to new nodes during node pool create and scale. For example, key=value:NoSchedule.')
param nodeTaints string[]?

@description('Optional. As a best practice, you should upgrade all node pools in an AKS cluster to the same Kubernetes version. The node pool version must have the same major version as the control plane. The node pool minor version must be within two minor versions of the control plane version. The node pool version cannot be greater than the control plane version. For more information see upgrading a node pool (https://learn.microsoft.com/en-us/azure/aks/use-multiple-node-pools#upgrade-a-node-pool).')
param orchestratorVersion string?

@description('Optional. OS Disk Size in GB to be used to specify the disk size for every machine in the master/agent pool. If you specify 0, it will apply the default osDisk size according to the vmSize specified.')
param osDiskSizeGB int?

@description('Optional. The default is "Ephemeral" if the VM supports it and has a cache disk larger than the requested OSDiskSizeGB. Otherwise, defaults to "Managed". May not be changed after creation. For more information see Ephemeral OS (https://learn.microsoft.com/en-us/azure/aks/cluster-configuration#ephemeral-os).')
param osDiskType resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.osDiskType?

@description('Optional. Specifies the OS SKU used by the agent pool. The default is Ubuntu if OSType is Linux. The default is Windows2019 when Kubernetes <= 1.24 or Windows2022 when Kubernetes >= 1.25 if OSType is Windows.')
@allowed([
  'AzureLinux'
  'AzureLinux3'
  'CBLMariner'
  'Ubuntu'
  'Ubuntu2204'
  'Ubuntu2404'
  'Windows2019'
  'Windows2022'
  'Windows2025'
])
param osSKU string?

@description('Optional. The operating system type. The default is Linux.')
param osType resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.osType = 'Linux'

@description('Optional. Pod IP allocation mode.')
param podIPAllocationMode resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.podIPAllocationMode?

@description('Optional. Subnet resource ID for the pod IPs. If omitted, pod IPs are statically assigned on the node subnet (see vnetSubnetID for more details). This is of the form: /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}.')
param podSubnetResourceId string?

@description('Optional. The ID for the Proximity Placement Group.')
param proximityPlacementGroupResourceId string?

@description('Optional. Power State of the agent pool.')
param powerState resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.powerState?

@description('Optional. Describes how VMs are added to or removed from Agent Pools. See [billing states](https://learn.microsoft.com/en-us/azure/virtual-machines/states-billing).')
param scaleDownMode resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.scaleDownMode = 'Delete'

@description('Optional. The eviction policy specifies what to do with the VM when it is evicted. The default is Delete. For more information about eviction see spot VMs.')
param scaleSetEvictionPolicy resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.scaleSetEvictionPolicy = 'Delete'

@description('Optional. The Virtual Machine Scale Set priority.')
param scaleSetPriority resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.scaleSetPriority?

@description('Optional. The security settings of an agent pool.')
param securityProfile resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.securityProfile?

@description('Optional. Possible values are any decimal value greater than zero or -1 which indicates the willingness to pay any on-demand price. For more details on spot pricing, see spot VMs pricing (https://learn.microsoft.com/en-us/azure/virtual-machines/spot-vms#pricing).')
param spotMaxPrice int?

@description('Optional. Tags of the resource.')
param tags resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.tags?

@description('Optional. The type of Agent Pool.')
param type string?

@description('Optional. Upgrade settings.')
param upgradeSettings resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.upgradeSettings?

@description('Optional. VM size. VM size availability varies by region. If a node contains insufficient compute resources (memory, cpu, etc) pods might fail to run correctly. For more details on restricted VM sizes, see: /azure/aks/quotas-skus-regions.')
param vmSize string = 'Standard_D2s_v3'

@description('Optional. Node Subnet ID. If this is not specified, a VNET and subnet will be generated and used. If no podSubnetID is specified, this applies to nodes and pods, otherwise it applies to just nodes. This is of the form: /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}.')
param vnetSubnetResourceId string?

@description('Optional. Determines the type of workload a node can run.')
param workloadRuntime resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.workloadRuntime?

@description('Optional. Windows OS configuration.')
param windowsProfile resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.windowsProfile?

@description('Optional. Virtual Machines resource status.')
param virtualMachinesProfile resourceInput<'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01'>.properties.virtualMachinesProfile?

#disable-next-line no-deployments-resources
resource avmTelemetry 'Microsoft.Resources/deployments@2025-04-01' = if (enableTelemetry) {
  name: '46d3xbcp.res.consvc-mgdcluster-agentpool.${replace('-..--..-', '.', '-')}.${substring(uniqueString(deployment().name), 0, 4)}'
  properties: {
    mode: 'Incremental'
    template: {
      '$schema': 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'
      contentVersion: '1.0.0.0'
      resources: []
      outputs: {
        telemetry: {
          type: 'String'
          value: 'For more information, see https://aka.ms/avm/TelemetryInfo'
        }
      }
    }
  }
}

resource managedCluster 'Microsoft.ContainerService/managedClusters@2025-10-01' existing = {
  name: managedClusterName
}

resource agentPool 'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01' = {
  name: name
  parent: managedCluster
  properties: {
    // availabilityZones can only be set for the 'VirtualMachineScaleSets' agent pool type; omit it for 'VirtualMachines'.
    availabilityZones: type == 'VirtualMachines' ? null : map(availabilityZones ?? [], zone => '${zone}')
    capacityReservationGroupID: capacityReservationGroupResourceId
    // count and vmSize cannot be set for the 'VirtualMachines' agent pool type; node sizing/scaling is defined via virtualMachinesProfile.
    count: type == 'VirtualMachines' ? null : count
    creationData: !empty(sourceResourceId)
      ? {
          sourceResourceId: sourceResourceId
        }
      : null
    // enableAutoScaling, minCount and maxCount are VMSS-specific and cannot be set for the 'VirtualMachines' agent pool type.
    enableAutoScaling: type == 'VirtualMachines' ? null : enableAutoScaling
    enableEncryptionAtHost: enableEncryptionAtHost
    enableFIPS: enableFIPS
    enableNodePublicIP: enableNodePublicIP
    enableUltraSSD: enableUltraSSD
    gatewayProfile: mode == 'Gateway' ? gatewayProfile : null
    gpuInstanceProfile: gpuInstanceProfile
    gpuProfile: gpuProfile
    hostGroupID: hostGroupResourceId
    kubeletConfig: kubeletConfig
    kubeletDiskType: kubeletDiskType
    linuxOSConfig: linuxOSConfig
    localDNSProfile: localDNSProfile
    maxCount: type == 'VirtualMachines' ? null : maxCount
    maxPods: maxPods
    messageOfTheDay: messageOfTheDay
    minCount: type == 'VirtualMachines' ? null : minCount
    mode: mode
    networkProfile: networkProfile
    nodeLabels: nodeLabels
    nodePublicIPPrefixID: nodePublicIpPrefixResourceId
    nodeTaints: nodeTaints
    orchestratorVersion: orchestratorVersion
    osDiskSizeGB: osDiskSizeGB
    osDiskType: osDiskType
    osSKU: osSKU
    osType: osType
    podIPAllocationMode: podIPAllocationMode
    podSubnetID: podSubnetResourceId
    powerState: powerState
    proximityPlacementGroupID: proximityPlacementGroupResourceId
    scaleDownMode: scaleDownMode
    scaleSetEvictionPolicy: scaleSetEvictionPolicy
    scaleSetPriority: scaleSetPriority
    securityProfile: securityProfile
    spotMaxPrice: spotMaxPrice
    tags: tags
    type: type
    upgradeSettings: upgradeSettings
    virtualMachinesProfile: virtualMachinesProfile
    vmSize: type == 'VirtualMachines' ? null : vmSize
    vnetSubnetID: vnetSubnetResourceId
    workloadRuntime: workloadRuntime
    windowsProfile: windowsProfile
  }
}

@description('The name of the agent pool.')
output name string = agentPool.name

@description('The resource ID of the agent pool.')
output resourceId string = agentPool.id

@description('The resource group the agent pool was deployed into.')
output resourceGroupName string = resourceGroup().name
