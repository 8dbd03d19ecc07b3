resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  name                  = "gpu"
  kubernetes_cluster_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"
  vm_size               = "Standard_NC24ads_A100_v4"
  node_count            = 1
  node_taints           = ["sku=gpu:NoSchedule"]
}

resource "azurerm_kubernetes_cluster_node_pool" "gpu_search" {
  name                  = "gpusearch"
  kubernetes_cluster_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"
  vm_size               = "Standard_NC24ads_A100_v4"
  node_count            = 1
  node_taints           = ["sku=gpu:NoSchedule"]
  node_labels = {
    team = "search"
  }
}
