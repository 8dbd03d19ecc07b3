metadata name = 'Storage Account'
metadata description = '''
This module deploys a storage account.
It has ${no} interpolation.
'''

targetScope = 'resourceGroup'

import { roleAssignmentType, lockType } from 'br/public:avm/utl/types/avm-common-types:0.5.1'
import * as common from './common.bicep'

@description('Required. Name of the Storage Account.')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Location for all resources.')
param location string = resourceGroup().location

@allowed([
  'Storage'
  'StorageV2'
  'BlobStorage'
])
param kind string = 'StorageV2'

@secure()
param adminPassword string?

param skuName
  | 'Standard_LRS'
  | 'Premium_LRS'
  | 'Standard_GZRS' = 'Standard_LRS'

param roleAssignments roleAssignmentType[]?
param lock lockType?
param tags resourceInput<'Microsoft.Storage/storageAccounts@2023-05-01'>.tags?
param networkAcls object = {}
param containers array = []

@batchSize(1)
param unusedBatch int = 3

var builtInRoleNames = {
  Contributor: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')
  'Storage Blob Data Reader': subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
}

var formattedRoleAssignments = [
  for (roleAssignment, index) in (roleAssignments ?? []): union(roleAssignment, {
    roleDefinitionId: builtInRoleNames[?roleAssignment.roleDefinitionIdOrName] ?? (contains(
        roleAssignment.roleDefinitionIdOrName,
        '/providers/Microsoft.Authorization/roleDefinitions/'
      )
      ? roleAssignment.roleDefinitionIdOrName
      : subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleAssignment.roleDefinitionIdOrName))
  })
]

var sorted = sort(items(builtInRoleNames), (a, b) => a.key < b.key)
var names = map(range(0, 3), i => 'n${i}-${name}')
var escaped = 'it\'s a \\ path with \$ and tab\t and \u{1F600}'
var merged = {
  ...networkAcls
  extra: true
}
var lookup = { a: 1, b: 2 }['a']
var neg = -1 + 2 * (3 % 2) - length(names)
var caseInsensitive = kind =~ 'storagev2' && kind !~ 'blob'

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: kind
  sku: {
    name: skuName
  }
  identity: {
    type: 'SystemAssigned'
  }
  tags: tags
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    networkAcls: !empty(networkAcls)
      ? {
          bypass: networkAcls.?bypass ?? 'AzureServices'
          defaultAction: networkAcls.?defaultAction ?? 'Deny'
          ipRules: [
            for ip in (networkAcls.?ipRules ?? []): {
              value: ip
              action: 'Allow'
            }
          ]
        }
      : null
  }

  resource blobServices 'blobServices@2023-05-01' = {
    name: 'default'

    resource container 'containers' = [
      for c in containers: {
        name: c.name
        properties: {
          publicAccess: c.?publicAccess ?? 'None'
        }
      }
    ]
  }
}

resource existingVnet 'Microsoft.Network/virtualNetworks@2023-04-01' existing = {
  name: 'vnet'
  scope: resourceGroup('other-rg')
}

resource storageLock 'Microsoft.Authorization/locks@2020-05-01' = if (!empty(lock ?? {}) && lock.?kind != 'None') {
  name: lock.?name ?? 'lock-${name}'
  properties: {
    level: lock.?kind ?? ''
    notes: lock.?kind == 'CanNotDelete' ? 'Cannot delete resource or child resources.' : 'Cannot delete or modify the resource or child resources.'
  }
  scope: storageAccount
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (roleAssignment, index) in (formattedRoleAssignments ?? []): if (roleAssignment.principalType != 'None') {
    name: roleAssignment.?name ?? guid(storageAccount.id, roleAssignment.principalId, roleAssignment.roleDefinitionId)
    properties: {
      roleDefinitionId: roleAssignment.roleDefinitionId
      principalId: roleAssignment.principalId
      description: roleAssignment.?description
    }
    scope: storageAccount
  }
]

@batchSize(2)
module secrets 'modules/secrets.bicep' = [for (s, i) in range(0, 2): {
  name: '${uniqueString(deployment().name, location)}-secret-${i}'
  params: {
    keyVaultName: 'kv'
    value: storageAccount.listKeys().keys[0].value
  }
}]

module remote 'br/public:avm/res/network/private-endpoint:0.7.1' = {
  name: 'pe'
  params: {
    name: 'pe-${name}'
    subnetResourceId: existingVnet.properties.subnets[0].id
  }
}

@description('The resource ID.')
output resourceId string = storageAccount.id
output blobEndpoint string = storageAccount.properties.primaryEndpoints.blob
output containerId string = storageAccount::blobServices::container[0].id
output secretNames array = [for (s, i) in range(0, 2): secrets[i].outputs.name]
output principalId string? = storageAccount.?identity.?principalId
output saResource resource 'Microsoft.Storage/storageAccounts@2023-05-01' = storageAccount
output first string = remote!.outputs.name
