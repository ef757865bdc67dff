// Loads the KubeConfig a command runs against: --kubeconfig F, else the usual places (KUBECONFIG,
// ~/.kube/config, the in-cluster service account), and --context C on top.
import * as k8s from '@kubernetes/client-node';

/** Which kubeconfig and context to use; both optional. */
export interface KubeConfigChoice {
  kubeconfig?: string;
  context?: string;
}

/** A failure to load the kubeconfig or select the context: a value, so commands print it and exit 1. */
export type KubeConfigResult = { ok: true; kc: k8s.KubeConfig } | { ok: false; message: string };

/** Loads the kubeconfig and selects the context, or says why it cannot. */
export function loadKubeConfig(choice: KubeConfigChoice): KubeConfigResult {
  const kc = new k8s.KubeConfig();
  try {
    if (choice.kubeconfig) kc.loadFromFile(choice.kubeconfig);
    else kc.loadFromDefault();
  } catch (err: unknown) {
    return { ok: false, message: `cannot load kubeconfig${choice.kubeconfig ? ` ${choice.kubeconfig}` : ''}: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (choice.context) {
    if (!kc.getContextObject(choice.context)) {
      const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
      return { ok: false, message: `no context named ${choice.context} in the kubeconfig (contexts: ${known})` };
    }
    kc.setCurrentContext(choice.context);
  }
  if (!kc.getCurrentCluster()) return { ok: false, message: 'the kubeconfig has no current cluster' };
  return { ok: true, kc };
}
