// The MetalLB kinds the importer reads, written from MetalLB's CRD types (api/v1beta1/*_types.go,
// api/v1beta2/bgppeer_types.go). Every field is optional here because input is untrusted: the
// converters check what they use and report what is malformed.

/** A Kubernetes label selector as MetalLB writes it. */
export interface MetallbLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** Object metadata (MetalLB objects are namespaced, normally in metallb-system). */
export interface MetallbMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
}

/** metallb.io/v1beta1 IPAddressPool. */
export interface IPAddressPool {
  metadata?: MetallbMeta;
  spec?: {
    addresses?: string[];
    autoAssign?: boolean;
    avoidBuggyIPs?: boolean;
    serviceAllocation?: {
      priority?: number;
      namespaces?: string[];
      namespaceSelectors?: MetallbLabelSelector[];
      serviceSelectors?: MetallbLabelSelector[];
    };
  };
}

/** metallb.io/v1beta1 L2Advertisement. */
export interface L2Advertisement {
  metadata?: MetallbMeta;
  spec?: {
    ipAddressPools?: string[];
    ipAddressPoolSelectors?: MetallbLabelSelector[];
    nodeSelectors?: MetallbLabelSelector[];
    interfaces?: string[];
  };
}

/** metallb.io/v1beta1 BGPAdvertisement. */
export interface BGPAdvertisement {
  metadata?: MetallbMeta;
  spec?: {
    aggregationLength?: number;
    aggregationLengthV6?: number;
    localPref?: number;
    communities?: string[];
    ipAddressPools?: string[];
    ipAddressPoolSelectors?: MetallbLabelSelector[];
    nodeSelectors?: MetallbLabelSelector[];
    peers?: string[];
  };
}

/** metallb.io/v1beta2 (and v1beta1) BGPPeer. */
export interface BGPPeer {
  metadata?: MetallbMeta;
  spec?: {
    myASN?: number;
    peerASN?: number;
    dynamicASN?: string;
    peerAddress?: string;
    interface?: string;
    sourceAddress?: string;
    peerPort?: number;
    holdTime?: string;
    keepaliveTime?: string;
    connectTime?: string;
    routerID?: string;
    nodeSelectors?: MetallbLabelSelector[];
    password?: string;
    passwordSecret?: { name?: string; namespace?: string };
    bfdProfile?: string;
    enableGracefulRestart?: boolean;
    ebgpMultiHop?: boolean;
    vrf?: string;
    disableMP?: boolean;
    dualStackAddressFamily?: boolean;
  };
}

/** metallb.io/v1beta1 BFDProfile; intervals in milliseconds. */
export interface BFDProfile {
  metadata?: MetallbMeta;
  spec?: {
    receiveInterval?: number;
    transmitInterval?: number;
    detectMultiplier?: number;
    echoInterval?: number;
    echoMode?: boolean;
    passiveMode?: boolean;
    minimumTtl?: number;
  };
}
