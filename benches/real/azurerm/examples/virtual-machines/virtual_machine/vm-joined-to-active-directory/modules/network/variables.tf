# Copyright IBM Corp. 2014, 2025
# SPDX-License-Identifier: MPL-2.0

variable "prefix" {}

variable "location" {}

variable "resource_group_name" {}
