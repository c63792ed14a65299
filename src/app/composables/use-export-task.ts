import { ref, type Ref } from 'vue'
import { STAGE_PERCENT, type ExportResult, type ExportStage } from '../exports/run-export'

export interface UseExportTaskOptions {
  /** Told of a failure after the task has ended. */
  onError?: (error: unknown) => void
  /** Told of the file made. */
  onDone?: (result: ExportResult) => void
}

export interface UseExportTaskReturn {
  /** True from the start of a task to its end: the buttons wait. */
  isBusy: Ref<boolean>
  /** 0–100 while a task runs. */
  percent: Ref<number>
  /** The step under way, for the line under the bar. */
  stage: Ref<ExportStage | null>
  /** Runs one export; a second one while the first runs is ignored. */
  run: (task: (onStage: (stage: ExportStage) => void) => Promise<ExportResult>) => Promise<void>
}

/** One export at a time, with its progress and its end (a file or an error). */
export function useExportTask(options: UseExportTaskOptions = {}): UseExportTaskReturn {
  const isBusy = ref(false)
  const percent = ref(0)
  const stage = ref<ExportStage | null>(null)

  async function run(task: (onStage: (stage: ExportStage) => void) => Promise<ExportResult>): Promise<void> {
    if (isBusy.value) return
    isBusy.value = true
    percent.value = 0
    try {
      const result = await task((next) => {
        stage.value = next
        percent.value = STAGE_PERCENT[next.stage]
      })
      percent.value = 100
      options.onDone?.(result)
    } catch (error) {
      options.onError?.(error)
    } finally {
      isBusy.value = false
      stage.value = null
    }
  }

  return { isBusy, percent, stage, run }
}
