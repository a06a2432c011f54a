/** Task records as Kling posts them in callbacks, one per standard. */
export const NEW_ID = '8651022454479134889';
export const NEW_RECORD = {
  id: NEW_ID,
  status: 'succeeded',
  message: '',
  create_time: 1781080778802,
  update_time: 1781080810151,
  external_id: 'n8n-7f3a2c',
  outputs: [{ type: 'video', id: '865102245447913490', url: 'https://v15-kling.klingai.com/result.mp4', duration: '3.041' }],
  billing: [{ charge_type: 'unit', amount: '2.4', package_type: 'video' }],
};
export const LEGACY_RECORD = {
  task_id: '865102245447913488',
  task_status: 'succeed',
  task_status_msg: '',
  created_at: 1781080778802,
  updated_at: 1781080861000,
  final_unit_deduction: '3.5',
  task_info: { external_task_id: 'n8n-legacy-1' },
  task_result: { videos: [{ id: '865102245447913499', url: 'https://v15-kling.klingai.com/legacy.mp4', duration: '5.1' }] },
};
