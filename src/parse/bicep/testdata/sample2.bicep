targetScope = 'subscription'

extension microsoftGraphV1
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:0.1.8-preview' as graph
provider 'kubernetes@1.0.0' with {
  namespace: 'default'
  kubeConfig: 'x'
} as k8s

@export()
@description('A managed identity definition.')
type managedIdentityType = {
  @description('Optional. Enables system assigned managed identity.')
  systemAssigned: bool?

  @sys.description('Optional. The user assigned identities.')
  userAssignedResourceIds: string[]?

  'quoted-key': ('a' | 'b')[]
  *: string
}

@discriminator('kind')
type animal = catType | dogType

type catType = {
  kind: 'cat'
  lives: int
}

type dogType = {
  kind: 'dog'
  tricks: [string, int]
}

type literalUnion = 'Enabled' | 'Disabled' | 1 | -1 | true | null

@sealed()
type tupleWithDecorators = [
  @description('first') string
  int
]

type fromResource = resourceInput<'Microsoft.KeyVault/vaults@2023-07-01'>.properties.accessPolicies[*]
type outputProps = resourceOutput<'Microsoft.KeyVault/vaults@2023-07-01'>.properties
type itemsOf = managedIdentityType.userAssignedResourceIds
type imported = common.sharedType

@export()
func buildName(prefix string, index int) string => '${prefix}-${padLeft(index, 3, '0')}'

func pick(values array, fallback object) object => first(filter(values, v => v != null)) ?? fallback

@minValue(1)
@maxValue(10)
param count int = 2

param config {
  name: string
  enabled: bool?
}

var rgNames = [for i in range(0, count): 'rg-${buildName('app', i)}']
var nested = '${'inner ${count} value'} outer'
var multi = '''
no ${interpolation} here \n
'''
var filtered = filter(rgNames, name => !startsWith(name, 'x'))
var reduced = reduce(rgNames, 0, (cur, next) => cur + length(next))
var objs = toObject(rgNames, entry => entry, entry => { name: entry })
var flags = [
  true
  false
  null
]
var keyed = {
  '${config.name}-key': 'value'
  if: 'keywords are keys'
  resource: 'also a key'
}
var ternaryChain = count > 5 ? 'big' : count > 2 ? 'medium' : 'small'
var coalesced = config.?enabled ?? false
var nonNull = config.enabled!
var safeIndex = rgNames[?10] ?? 'none'
var spreadArray = [...rgNames, 'extra']
var unary = !(count == 0) && -count < 0
var sysCall = sys.concat('a', 'b')
var multiArg = union(
  {
    a: 1
  },
  {
    b: 2
  }
)

resource rgs 'Microsoft.Resources/resourceGroups@2024-03-01' = [for name in rgNames: {
  name: name
  location: deployment().location
}]

module inner './inner.bicep' = [
  for (rg, i) in rgNames: if (i % 2 == 0) {
    scope: resourceGroup(rg)
    name: 'inner-${i}'
    params: {
      config: config
    }
    dependsOn: [
      rgs
    ]
  }
]

assert countPositive = count > 0

output names array = rgNames
output firstInner object = inner[0].outputs
