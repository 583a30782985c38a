{{/* Labels every resource carries (app.kubernetes.io/name, part-of and component, the same in the kustomize base). Call with (dict "name" "dialgate" "component" "gateway" "root" $). */}}
{{- define "dialgate.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: dialgate
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{/* Selector labels: stable across upgrades. */}}
{{- define "dialgate.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "dialgate.gatewayImage" -}}
{{ .Values.gateway.image.repository }}:{{ .Values.gateway.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "dialgate.simulatorImage" -}}
{{ .Values.simulator.image.repository }}:{{ .Values.simulator.image.tag | default .Chart.AppVersion }}
{{- end }}
