//! A generated Bicep file of AVM-style blocks (params, decorators, loops, conditions, nested
//! children, interpolation), shared by the `parse_eval` bench and the `bicep_corpus` example.

/// Builds a realistic file of roughly `lines` lines from repeated AVM-style blocks.
pub fn generate(lines: usize) -> String {
    let mut s = String::from("metadata name = 'generated'\ntargetScope = 'resourceGroup'\n\n");
    let mut i = 0;
    while s.lines().count() < lines {
        s.push_str(&format!(
            r#"@description('Optional. Location for all resources {i}.')
param location{i} string = resourceGroup().location

@allowed([
  'Standard_LRS'
  'Premium_LRS'
])
param sku{i} string = 'Standard_LRS'

@description('Optional. Role assignments.')
param roleAssignments{i} roleAssignmentType[]?

var names{i} = [for n in range(0, 3): 'st${{uniqueString(resourceGroup().id, '{i}')}}${{n}}']

resource storage{i} 'Microsoft.Storage/storageAccounts@2023-05-01' = {{
  name: 'st{i}${{uniqueString(resourceGroup().id)}}'
  location: location{i}
  sku: {{ name: sku{i} }}
  kind: 'StorageV2'
  tags: union(tags ?? {{}}, {{ index: '{i}' }})
  properties: {{
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    networkAcls: !empty(networkAcls) ? {{
      bypass: networkAcls.?bypass ?? 'AzureServices'
      defaultAction: 'Deny'
    }} : null
  }}

  resource blob 'blobServices' = {{
    name: 'default'
  }}
}}

resource lock{i} 'Microsoft.Authorization/locks@2020-05-01' = if (!empty(lock ?? {{}}) && lock.?kind != 'None') {{
  name: lock.?name ?? 'lock-${{storage{i}.name}}'
  scope: storage{i}
  properties: {{
    level: lock.?kind ?? ''
  }}
}}

resource ra{i} 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (ra, index) in (roleAssignments{i} ?? []): if (ra.principalType != 'Skip') {{
    name: ra.?name ?? guid(storage{i}.id, ra.principalId, ra.roleDefinitionId)
    properties: {{
      roleDefinitionId: ra.roleDefinitionId
      principalId: ra.principalId
      condition: ra.?condition
    }}
    scope: storage{i}
  }}
]

module sub{i} 'modules/sub.bicep' = [for (n, j) in names{i}: {{
  name: '${{uniqueString(deployment().name)}}-sub-{i}-${{j}}'
  params: {{
    name: n
    tags: filter(items(tags), t => t.key != 'x')
  }}
}}]

output id{i} string = storage{i}.id
output blobId{i} string = storage{i}::blob.id

"#
        ));
        i += 1;
    }
    s
}
